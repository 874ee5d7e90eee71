#!/usr/bin/python3
"""Seed the Tryton database dock2ledger from config/masterdata (run by run-local.sh, once per database).

The demo company (first row of entities.csv), a chart whose accounts carry the codes of gl_accounts.csv, fiscal
years with monthly periods covering the demo dates and today (periods listed as closed in fiscal_periods.csv are
closed), one tax per row of tax_rates.csv (named "<region> <code>", e.g. "NY STD"), customers and suppliers with
their codes as party codes, products with the SKU as code, a payment term "Direct" and a general journal "GEN".

Usage: init_dock2ledger.py <trytond.conf> <database> <config/masterdata dir>
"""
import csv
import datetime
import sys
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from proteus import Model, Wizard, config as proteus_config

CONF, DATABASE, MASTERDATA = sys.argv[1], sys.argv[2], Path(sys.argv[3])
DEMO_YEARS = (2026,)  # the year of config/demo/expected.json's posting dates


def rows(name):
    with open(MASTERDATA / name, newline='') as f:
        return list(csv.DictReader(f))


def one(model, domain):
    found = Model.get(model).find(domain)
    if len(found) != 1:
        raise SystemExit('expected one %s for %s, found %d' % (model, domain, len(found)))
    return found[0]


config = proteus_config.set_trytond(database=DATABASE, config_file=CONF)

# Company
entities = rows('entities.csv')
entity = entities[0]
Currency = Model.get('currency.currency')
currency = Currency.find([('code', '=', entity['currency'])])
if currency:
    currency, = currency
else:
    currency = Currency(name=entity['currency'], code=entity['currency'], symbol='$', rounding=Decimal('0.01'))
    currency.save()
Party = Model.get('party.party')
party_config = Model.get('party.configuration')(1)
party_config.party_sequence = None  # party codes are the hub's codes, not a Tryton sequence
party_config.save()
company_party = Party(name=entity['name'], code=entity['entity'])
company_party.save()
company_wizard = Wizard('company.company.config')
company_wizard.execute('company')
company_wizard.form.party = company_party
company_wizard.form.currency = currency
company_wizard.execute('add')
config._context = Model.get('res.user').get_preferences(True, {})
company = one('company.company', [])

# Chart: the minimal template gives the account types, then one account per row of gl_accounts.csv
chart_root = one('account.account.template', [('name', '=', 'Minimal Account Chart')])
chart_wizard = Wizard('account.create_chart')
chart_wizard.execute('account')
chart_wizard.form.account_template = chart_root
chart_wizard.form.company = company
chart_wizard.execute('create_account')

AccountType = Model.get('account.account.type')
Account = Model.get('account.account')


def account_type(flag=None, under=None):
    domain = [('company', '=', company.id)]
    if flag:
        domain.append((flag, '=', True))
    else:
        domain += [('name', '=', 'Current'), ('parent.name', '=', under)]
    return AccountType.find(domain)[0]


types = {
    'receivable': account_type('receivable'),
    'payable': account_type('payable'),
    'asset': account_type(under='Asset'),
    'liability': account_type(under='Liability'),
    'revenue': account_type('revenue'),
    'expense': account_type('expense'),
}
root = one('account.account', [('company', '=', company.id), ('parent', '=', None)])
accounts = {}
for row in rows('gl_accounts.csv'):
    code, name, kind = row['account'], row['name'], row['type']
    if code == '1100':
        kind = 'receivable'  # the posting rules' shipment.receivable: Tryton needs a party on its lines
    account = Account(name=name, code=code, parent=root, type=types[kind])
    if kind == 'receivable':
        account.reconcile = True
        account.party_required = True
    account.save()
    accounts[code] = account
payable = Account(name='Accounts payable', code='2000', parent=root, type=types['payable'],
                  reconcile=True, party_required=True)
payable.save()
chart_wizard.form.account_receivable = accounts['1100']
chart_wizard.form.account_payable = payable
chart_wizard.execute('create_properties')

AccountConfig = Model.get('account.configuration')
account_config = AccountConfig(1)
account_config.tax_rounding = 'line'  # as the hub's posting engine: round(net x rate) per line
account_config.save()

# Fiscal years: monthly periods over the demo years and today's; periods closed as fiscal_periods.csv says
Sequence = Model.get('ir.sequence')
SequenceStrict = Model.get('ir.sequence.strict')
SequenceType = Model.get('ir.sequence.type')
move_sequence_type = one('ir.sequence.type', [('name', '=', 'Account Move')])
invoice_sequence_type = one('ir.sequence.type', [('name', '=', 'Invoice')])
FiscalYear = Model.get('account.fiscalyear')
today = datetime.date.today()
for year in sorted(set(DEMO_YEARS) | {today.year}):
    start = datetime.date(year, 1, 1)
    move_sequence = Sequence(name=str(year), sequence_type=move_sequence_type, company=company)
    move_sequence.save()
    fiscalyear = FiscalYear(name=str(year), start_date=start, end_date=start + relativedelta(month=12, day=31),
                            company=company, post_move_sequence=move_sequence)
    invoice_sequence = SequenceStrict(name=str(year), sequence_type=invoice_sequence_type, company=company)
    invoice_sequence.save()
    sequences, = fiscalyear.invoice_sequences
    sequences.out_invoice_sequence = invoice_sequence
    sequences.in_invoice_sequence = invoice_sequence
    sequences.out_credit_note_sequence = invoice_sequence
    sequences.in_credit_note_sequence = invoice_sequence
    fiscalyear.save()
    fiscalyear.click('create_period')
Period = Model.get('account.period')
for row in rows('fiscal_periods.csv'):
    if row['entity'] == entity['entity'] and row['status'] == 'closed':
        start = datetime.datetime.strptime(row['period'] + '-01', '%Y-%m-%d').date()
        for period in Period.find([('company', '=', company.id), ('start_date', '=', start)]):
            period.click('close')

# Journal for journal entries (Tryton 6.0 ships revenue, expense, cash and stock journals only)
journal_sequence_type = one('ir.sequence.type', [('name', '=', 'Account Journal')])
journal_sequence = Sequence(name='General', sequence_type=journal_sequence_type, company=company)
journal_sequence.save()
Journal = Model.get('account.journal')
general = Journal(name='General', code='GEN', type='general')
general.sequence = journal_sequence
general.save()

# Taxes: one per tax region and tax code, posted to the tax-payable account of the posting rules (2200)
Tax = Model.get('account.tax')
for row in rows('tax_rates.csv'):
    tax = Tax(name='%s %s' % (row['tax_region'], row['tax_code']),
              description='%s %s %s' % (row['tax_region'], row['tax_code'], row['rate']),
              type='percentage', rate=Decimal(row['rate']),
              invoice_account=accounts['2200'], credit_note_account=accounts['2200'])
    tax.save()

PaymentTerm = Model.get('account.invoice.payment_term')
term = PaymentTerm(name='Direct')
term.lines.new(type='remainder')
term.save()

# Parties: customers and suppliers, the hub's codes as party codes
for row in rows('customers.csv'):
    Party(name=row['name'], code=row['customer']).save()
for row in rows('suppliers.csv'):
    Party(name=row['name'], code=row['supplier']).save()

# Products: SKU as code, revenue 4000 / expense 5000 through one account category
Category = Model.get('product.category')
category = Category(name='Goods', accounting=True)
category.account_revenue = accounts['4000']
category.account_expense = accounts['5000']
category.save()
Uom = Model.get('product.uom')
unit = one('product.uom', [('name', '=', 'Unit')])
Template = Model.get('product.template')
prices = {}
for row in rows('sales_orders.csv'):
    prices.setdefault(row['sku'], Decimal(row['unit_price']))
for row in rows('items.csv'):
    template = Template(name=row['description'], code=row['sku'], type='goods', default_uom=unit,
                        account_category=category,
                        list_price=prices.get(row['sku'], Decimal('0')))
    template.save()
    product, = template.products
    product.cost_price = Decimal(row['standard_cost'])
    product.save()

print('dock2ledger: company %s, %d accounts, %d parties, %d products' % (
    entity['entity'], len(accounts), len(Party.find([])), len(Model.get('product.product').find([]))))
