"""The planted schemes of `data/schemes.yaml`, one function each, built from the shared `base.deal`.

Each function receives the planner and a fresh network (programme country, designated end user,
agent, hub) and writes the companies, people and records that make the scheme visible in data:
shared identifiers, dates after a designation, legs through a hub, payers unrelated to the trade.
The step names passed to `Planner.emit` select methods and flags from the YAML. To add a scheme,
write its function in the module of its kind (`parties`, `goods`, `routes`, `money`, `sourcing`)
and register it here.
"""

from __future__ import annotations

from collections.abc import Callable

from interdictor.generate.networks import Network, Planner
from interdictor.generate.schemes.goods import (
    end_user_substitution,
    false_description,
    just_below,
    order_splitting,
)
from interdictor.generate.schemes.money import cash_and_gold, diplomatic_cover, it_workers, remitter
from interdictor.generate.schemes.parties import (
    broker_layering,
    front_cluster,
    payment_layering,
    successor_fronts,
)
from interdictor.generate.schemes.routes import hub_transshipment, vessel_identity
from interdictor.generate.schemes.sourcing import domestic_sale, duplication, spare_parts

__all__ = ["SCHEMES"]

SCHEMES: dict[str, Callable[[Planner, Network], None]] = {
    "front_cluster": front_cluster,
    "successor_fronts": successor_fronts,
    "broker_layering": broker_layering,
    "hub_transshipment": hub_transshipment,
    "payment_layering": payment_layering,
    "order_splitting": order_splitting,
    "end_user_substitution": end_user_substitution,
    "just_below": just_below,
    "false_description": false_description,
    "vessel_identity": vessel_identity,
    "spare_parts": spare_parts,
    "cash_and_gold": cash_and_gold,
    "remitter": remitter,
    "it_workers": it_workers,
    "diplomatic_cover": diplomatic_cover,
    "domestic_sale": domestic_sale,
    "duplication": duplication,
}
