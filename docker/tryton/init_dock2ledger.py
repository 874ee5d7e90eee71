#!/usr/bin/python3
"""Seed the Tryton database dock2ledger from config/masterdata (run by run-local.sh, once per database).

One company per row of entities.csv (US01, US02), each with a chart whose accounts carry the codes of
gl_accounts.csv, fiscal years with monthly periods covering the demo dates and today (periods listed as closed in
fiscal_periods.csv are closed), one tax per row of tax_rates.csv (named "<region> <code>", e.g. "NY STD"), customers and suppliers with
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

Currency = Model.get('currency.currency')
Party = Model.get('party.party')
party_config = Model.get('party.configuration')(1)
party_config.party_sequence = None  # party codes are the hub's codes, not a Tryton sequence
party_config.save()


def currency_of(code):
    found = Currency.find([('code', '=', code)])
    if found:
        return found[0]
    currency = Currency(name=code, code=code, symbol='$', rounding=Decimal('0.01'))
    currency.save()
    return currency


# Companies: every row of entities.csv (US01 through the company wizard, which also makes it the admin's company;
# the others created directly and added to the admin's companies, so the hub can work in them by context)
entities = rows('entities.csv')
companies = {}
for index, entity in enumerate(entities):
    company_party = Party(name=entity['name'], code=entity['entity'])
    company_party.save()
    if index == 0:
        company_wizard = Wizard('company.company.config')
        company_wizard.execute('company')
        company_wizard.form.party = company_party
        company_wizard.form.currency = currency_of(entity['currency'])
        company_wizard.execute('add')
        config._context = Model.get('res.user').get_preferences(True, {})
        company = one('company.company', [('party', '=', company_party.id)])
    else:
        company = Model.get('company.company')(party=company_party, currency=currency_of(entity['currency']))
        company.save()
        admin = one('res.user', [('login', '=', 'admin')])
        admin.companies.append(Model.get('company.company')(company.id))
        admin.save()
    companies[entity['entity']] = company
# Tryton 6.0's record rules follow the user's stored company unless the filter is "all": with "all" the admin sees
# every company's records, and the hub names the company in each domain and record it writes (docs/erp.md)
admin = one('res.user', [('login', '=', 'admin')])
admin.company_filter = 'all'
admin.save()
config._context = Model.get('res.user').get_preferences(True, {})

AccountType = Model.get('account.account.type')
Account = Model.get('account.account')
Sequence = Model.get('ir.sequence')
SequenceStrict = Model.get('ir.sequence.strict')
move_sequence_type = one('ir.sequence.type', [('name', '=', 'Account Move')])
invoice_sequence_type = one('ir.sequence.type', [('name', '=', 'Invoice')])
journal_sequence_type = one('ir.sequence.type', [('name', '=', 'Account Journal')])
FiscalYear = Model.get('account.fiscalyear')
Period = Model.get('account.period')
Tax = Model.get('account.tax')
today = datetime.date.today()

# Journal for journal entries (Tryton 6.0 ships revenue, expense, cash and stock journals only); its sequence is
# per company, set below
Journal = Model.get('account.journal')
general = Journal(name='General', code='GEN', type='general')
general.save()

# Products share one account category; its accounts are per company, set below
Category = Model.get('product.category')
category = Category(name='Goods', accounting=True)
category.save()


def seed_company(entity_code, company):
    """Chart, fiscal years, closed periods, taxes and the per-company accounts of journal and category."""
    # Chart: the minimal template gives the account types, then one account per row of gl_accounts.csv
    chart_root = one('account.account.template', [('name', '=', 'Minimal Account Chart')])
    chart_wizard = Wizard('account.create_chart')
    chart_wizard.execute('account')
    chart_wizard.form.account_template = chart_root
    chart_wizard.form.company = company
    chart_wizard.execute('create_account')

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
        account = Account(name=name, code=code, parent=root, type=types[kind], company=company)
        if kind == 'receivable':
            account.reconcile = True
            account.party_required = True
        account.save()
        accounts[code] = account
    payable = Account(name='Accounts payable', code='2000', parent=root, type=types['payable'],
                      reconcile=True, party_required=True, company=company)
    payable.save()
    chart_wizard.form.account_receivable = accounts['1100']
    chart_wizard.form.account_payable = payable
    chart_wizard.execute('create_properties')

    account_config = Model.get('account.configuration')(1)
    account_config.tax_rounding = 'line'  # as the hub's posting engine: round(net x rate) per line
    account_config.save()

    # Fiscal years: monthly periods over the demo years and today's; periods closed as fiscal_periods.csv says
    for year in sorted(set(DEMO_YEARS) | {today.year}):
        start = datetime.date(year, 1, 1)
        move_sequence = Sequence(name='%s %s' % (entity_code, year), sequence_type=move_sequence_type,
                                 company=company)
        move_sequence.save()
        fiscalyear = FiscalYear(name='%s %s' % (entity_code, year), start_date=start,
                                end_date=start + relativedelta(month=12, day=31),
                                company=company, post_move_sequence=move_sequence)
        # Tryton numbers customer invoices in date order per sequence (an invoice dated before the last numbered one
        # is refused): credit notes get a sequence of their own, so a return credited on the 27th does not block an
        # invoice of the 26th that arrives after it
        invoice_sequence = SequenceStrict(name='%s %s' % (entity_code, year), sequence_type=invoice_sequence_type,
                                          company=company)
        invoice_sequence.save()
        credit_sequence = SequenceStrict(name='%s %s credit notes' % (entity_code, year),
                                         sequence_type=invoice_sequence_type, company=company, prefix='CN-')
        credit_sequence.save()
        sequences, = fiscalyear.invoice_sequences
        sequences.out_invoice_sequence = invoice_sequence
        sequences.in_invoice_sequence = invoice_sequence
        sequences.out_credit_note_sequence = credit_sequence
        sequences.in_credit_note_sequence = credit_sequence
        fiscalyear.save()
        fiscalyear.click('create_period')
    for row in rows('fiscal_periods.csv'):
        if row['entity'] == entity_code and row['status'] == 'closed':
            start = datetime.datetime.strptime(row['period'] + '-01', '%Y-%m-%d').date()
            for period in Period.find([('company', '=', company.id), ('start_date', '=', start)]):
                period.click('close')

    journal_sequence = Sequence(name='General %s' % entity_code, sequence_type=journal_sequence_type,
                                company=company)
    journal_sequence.save()
    journal = Journal(general.id)
    journal.sequence = journal_sequence
    journal.save()

    # Taxes: one per tax region and tax code, posted to the tax-payable account of the posting rules (2200)
    for row in rows('tax_rates.csv'):
        tax = Tax(name='%s %s' % (row['tax_region'], row['tax_code']),
                  description='%s %s %s' % (row['tax_region'], row['tax_code'], row['rate']),
                  type='percentage', rate=Decimal(row['rate']), company=company,
                  invoice_account=accounts['2200'], credit_note_account=accounts['2200'])
        tax.save()

    # Revenue 4000 / expense 5000 through the one account category
    goods = Category(category.id)
    goods.account_revenue = accounts['4000']
    goods.account_expense = accounts['5000']
    goods.save()
    return accounts


accounts = {}
for entity_code, company in companies.items():
    with config.set_context(company=company.id):
        accounts[entity_code] = seed_company(entity_code, company)

PaymentTerm = Model.get('account.invoice.payment_term')
term = PaymentTerm(name='Direct')
term.lines.new(type='remainder')
term.save()

# Parties: customers and suppliers, the hub's codes as party codes. Party categories say what the hub reads back in
# its master-data sync (docs/erp.md): "customer", "supplier", and a customer's tax region as "tax region NY"
PartyCategory = Model.get('party.category')
party_categories = {}


def party_category(name):
    if name not in party_categories:
        category = PartyCategory(name=name)
        category.save()
        party_categories[name] = category
    return party_categories[name]


for row in rows('customers.csv'):
    party = Party(name=row['name'], code=row['customer'])
    party.categories.append(PartyCategory(party_category('customer').id))
    party.categories.append(PartyCategory(party_category('tax region ' + row['tax_region']).id))
    party.save()
for row in rows('suppliers.csv'):
    party = Party(name=row['name'], code=row['supplier'])
    party.categories.append(PartyCategory(party_category('supplier').id))
    party.save()

# Products: SKU as code, the first sales-order price as list price, the standard cost as cost price in every company
Uom = Model.get('product.uom')
unit = one('product.uom', [('name', '=', 'Unit')])
Template = Model.get('product.template')
prices = {}
for row in rows('sales_orders.csv'):
    prices.setdefault(row['sku'], Decimal(row['unit_price']))
# The hub's tax code of an item is a product category "tax code STD" (Tryton keeps taxes on the accounting category)
tax_code_categories = {}
for row in rows('items.csv'):
    template = Template(name=row['description'], code=row['sku'], type='goods', default_uom=unit,
                        account_category=category,
                        list_price=prices.get(row['sku'], Decimal('0')))
    if row['tax_code'] not in tax_code_categories:
        tax_code_categories[row['tax_code']] = Category(name='tax code ' + row['tax_code'])
        tax_code_categories[row['tax_code']].save()
    template.categories.append(Category(tax_code_categories[row['tax_code']].id))
    template.save()
    product, = template.products
    for company in companies.values():
        with config.set_context(company=company.id):
            priced = Model.get('product.product')(product.id)
            priced.cost_price = Decimal(row['standard_cost'])
            priced.save()

print('dock2ledger: companies %s, %d parties, %d products' % (
    ', '.join(companies), len(Party.find([])), len(Model.get('product.product').find([]))))
