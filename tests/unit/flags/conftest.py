"""The clean base deal of base_deal.json (order, certificate, licence, shipment, payment).

No rule fires on it; each rule case in test_rules.py changes one thing.
"""
