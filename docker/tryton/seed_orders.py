#!/usr/bin/python3
"""Seed the open orders of config/masterdata into Tryton (run by run-local.sh after init_dock2ledger.py).

One confirmed sale per order of sales_orders.csv and one confirmed purchase per order of purchase_orders.csv, in the
company of the row's entity, with the hub's order id as the order's reference and the hub's line numbers as the
lines' sequence: what the hub's master-data sync reads back (erp.tryton.TrytonMasterDataSource, docs/erp.md).
Products are made salable and purchasable first. Idempotent: an order whose reference exists is left alone, so a
database initialised before the sale and purchase modules can be brought up to date by running it again.

Sales invoice and ship "manually": the hub posts the invoice from the warehouse's shipment and delivers it to
Tryton itself, so Tryton must not make a second one (nor customer shipments) when the sale is processed. A purchase
creates its incoming stock moves when processed, as it does for any Tryton user (which is why, with the stock module,
a product's cost price changes through Tryton's "Modify Cost Price" wizard, not by writing the field).

Usage: seed_orders.py <trytond.conf> <database> <config/masterdata dir>
"""
import csv
import sys
from collections import OrderedDict
from decimal import Decimal
from pathlib import Path

from proteus import Model, config as proteus_config

CONF, DATABASE, MASTERDATA = sys.argv[1], sys.argv[2], Path(sys.argv[3])
UNITS = {'EA': 'u'}  # the hub's unit codes as Tryton's unit symbols (the demo orders are all in EA)


def rows(name):
    with open(MASTERDATA / name, newline='') as f:
        return list(csv.DictReader(f))


def one(model, domain):
    found = Model.get(model).find(domain)
    if len(found) != 1:
        raise SystemExit('expected one %s for %s, found %d' % (model, domain, len(found)))
    return found[0]


def orders(name, key):
    grouped = OrderedDict()
    for row in rows(name):
        grouped.setdefault(row[key], []).append(row)
    return grouped


config = proteus_config.set_trytond(database=DATABASE, config_file=CONF)
config._context = Model.get('res.user').get_preferences(True, {})

for template in Model.get('product.template').find([('code', '!=', None)]):
    if not (template.salable and template.purchasable):
        template.salable = True
        template.purchasable = True
        template.save()


def company_of(entity):
    return one('company.company', [('party.code', '=', entity)])


def seed(model, line_model, file_name, key, party_column, price_column, extra):
    created = 0
    Order = Model.get(model)
    for order_id, lines in orders(file_name, key).items():
        if Order.find([('reference', '=', order_id)]):
            continue
        company = company_of(lines[0]['entity'])
        with config.set_context(company=company.id):
            order = Order()
            order.company = company
            order.party = one('party.party', [('code', '=', lines[0][party_column])])
            order.reference = order_id
            order.currency = one('currency.currency', [('code', '=', lines[0]['currency'])])
            for name, value in extra.items():
                setattr(order, name, value)
            for row in sorted(lines, key=lambda r: int(r['line_no'])):
                line = order.lines.new()
                line.product = one('product.product', [('code', '=', row['sku'])])
                line.unit = one('product.uom', [('symbol', '=', UNITS.get(row['uom'], row['uom'].lower()))])
                line.quantity = float(row['qty_ordered'])
                line.unit_price = Decimal(row[price_column])
                line.sequence = int(row['line_no'])
            order.save()
            order.click('quote')
            order.click('confirm')
            created += 1
    return created


sales = seed('sale.sale', 'sale.line', 'sales_orders.csv', 'order_id', 'customer', 'unit_price',
             {'invoice_method': 'manual', 'shipment_method': 'manual'})
purchases = seed('purchase.purchase', 'purchase.line', 'purchase_orders.csv', 'po_id', 'supplier', 'unit_cost',
                 {'invoice_method': 'manual'})
print('dock2ledger: %d sales and %d purchases confirmed' % (sales, purchases))
