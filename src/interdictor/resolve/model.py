"""The Splink linkage model: blocking, comparisons, training by expectation maximisation, scoring.

Splink runs on its own in-memory DuckDB connection, never on the store file: its many intermediate
tables would otherwise be written to (and left in) the user's store. It sees one row per distinct
*profile*, not per record: records whose compared keys are all equal would get identical scores
against everything, so they are scored once and expanded afterwards. On generated trade data this
cuts the work several-fold, because active companies appear in hundreds of transactions.

Training is deterministic: u probabilities from a seeded random sample, m probabilities by EM
over two blocking rules (Splink's EM sampling is hash-based, not random), so the same profiles
give the same model and the same clusters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
import splink.comparison_level_library as cll
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.comparison_library import CustomComparison
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.exceptions import SplinkException

__all__ = ["BLOCKS", "ModelConfig", "build_settings", "score_profiles"]

logging.getLogger("splink").setLevel(logging.WARNING)


@dataclass(frozen=True)
class ModelConfig:
    """What a run may vary: the match threshold, the training seed and sample sizes, the threads."""

    threshold: float = 0.9
    seed: int = 42
    u_max_pairs: float = 1e5
    em_max_pairs: float = 2e5
    threads: int | None = None
    #: Largest group of profiles compared all-against-all under one blocking key (see `BLOCKS`).
    block_size: int = 8
    #: Refuse to join two clusters that each have street lines (in a country) and share none.
    street_conflicts: bool = True


def _shared(col: str) -> str:
    """SQL: the two non-empty lists share a value. Most lists hold one value, so comparing the first
    values settles most pairs without the set operation (a quarter of its cost on a million records)."""
    return (
        f"({col}_l[1] = {col}_r[1] OR (len({col}_l) + len({col}_r) > 2 AND list_has_any({col}_l, {col}_r)))"
    )


def _list_level(col: str, label: str) -> list[Any]:
    """null / any shared value / no shared value, for a list column (phones, e-mails, identifiers)."""
    return [
        cll.CustomLevel(f"len({col}_l) = 0 OR len({col}_r) = 0", "missing").configure(is_null_level=True),
        cll.CustomLevel(_shared(col), f"{label} shared"),
        cll.ElseLevel(),
    ]


def _comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    """The evidence the model weighs; each level reads as a sentence in Splink's waterfall charts."""
    token_set = (
        "len(list_intersect(tokens_l, tokens_r)) * 1.0"
        " / greatest(len(list_distinct(list_concat(tokens_l, tokens_r))), 1)"
    )
    name = CustomComparison(
        [
            cll.CustomLevel("name_key_l IS NULL OR name_key_r IS NULL", "no name").configure(
                is_null_level=True
            ),
            cll.CustomLevel("name_key_l = name_key_r", "same name key"),
            cll.CustomLevel(_shared("name_keys"), "a name or alias key shared"),
            cll.CustomLevel(
                "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.95", "Jaro-Winkler >= 0.95"
            ),
            cll.CustomLevel(
                "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.88", "Jaro-Winkler >= 0.88"
            ),
            cll.CustomLevel(f"{token_set} >= 0.6", "token set overlap >= 0.6"),
            cll.ElseLevel(),
        ],
        output_column_name="name",
    )
    address = CustomComparison(
        [
            cll.CustomLevel("address_key_l IS NULL OR address_key_r IS NULL", "missing").configure(
                is_null_level=True
            ),
            cll.CustomLevel("address_key_l = address_key_r", "same street line"),
            cll.CustomLevel(
                "jaro_winkler_similarity(address_key_l, address_key_r) >= 0.9", "similar street line"
            ),
            cll.ElseLevel(),
        ],
        output_column_name="address",
    )
    country = CustomComparison(
        [
            cll.CustomLevel("country_l IS NULL OR country_r IS NULL", "missing").configure(
                is_null_level=True
            ),
            cll.CustomLevel("country_l = country_r", "same country"),
            cll.ElseLevel(),
        ],
        output_column_name="country",
    )
    lists = [
        CustomComparison(_list_level(col, label), output_column_name=col)
        for col, label in (
            ("identifiers", "identifier"),
            ("phones", "phone"),
            ("emails", "e-mail"),
            ("domains", "web domain"),
        )
    ]
    return [name, *lists, address, country]


#: Blocking keys: profiles are only compared when they share one of these (within one kind).
#: A key shared by more than `ModelConfig.block_size` profiles (a common name, a big company's
#: domain) would give quadratic pairs; its profiles are sorted (country, name, phone, domain,
#: street...) and compared within windows of that size, twice with an offset of half a window, so
#: neighbours in the sort order meet and a chain of windows still connects the whole group.
BLOCKS: dict[str, tuple[str, ...]] = {
    "name": ("name_key", "kind"),
    "phone": ("phone", "kind"),
    "email": ("email", "kind"),
    "ident": ("ident", "kind"),
    "domain": ("domain", "kind"),
    "street": ("address_key", "country", "kind"),
}


def _blocking_rules() -> list[Any]:
    """Pairs are only scored when they share a bucket of a name key, phone, e-mail, identifier, domain
    or street line (see `BLOCKS`)."""
    return [block_on(f"{prefix}_{name}") for name in BLOCKS for prefix in ("b", "b2")]


def build_settings() -> SettingsCreator:
    """The Splink settings of the default model (dedupe over profiles, id column `unique_id`)."""
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=_comparisons(),
        blocking_rules_to_generate_predictions=_blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def _train(linker: Linker, config: ModelConfig) -> list[str]:
    """Seeded u sampling, a deterministic prior, then EM twice so every comparison gets trained m values.

    A tiny input (a handful of records) cannot support every estimate: a step that fails keeps
    Splink's default parameters and is named in the returned list, rather than stopping the run.
    """
    skipped: list[str] = []
    steps: list[tuple[str, Any]] = [
        ("prior", lambda: linker.training.estimate_probability_two_random_records_match(
            [block_on("b_name", "country"), block_on("b_ident")], recall=0.8)),
        ("u", lambda: linker.training.estimate_u_using_random_sampling(
            max_pairs=config.u_max_pairs, seed=config.seed, num_chunks=1, min_count_per_level=None)),
        ("em-name", lambda: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("b_name"), max_pairs=config.em_max_pairs,
            estimate_without_term_frequencies=True)),
        ("em-phone", lambda: linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("b_phone"), max_pairs=config.em_max_pairs,
            estimate_without_term_frequencies=True)),
    ]  # fmt: skip
    for name, run in steps:
        try:
            run()
        except (ValueError, ZeroDivisionError, SplinkException):
            skipped.append(name)
    settings = linker._settings_obj
    prior = settings._probability_two_random_records_match
    if not 1e-9 < prior < 0.5:
        # No deterministic match observed (or only matches): a prior of 0 or 1 has no match weight.
        settings._probability_two_random_records_match = min(max(prior, 1e-6), 0.5)
        skipped.append("prior-clamped")
    return skipped


def score_profiles(
    profiles: pa.Table,
    config: ModelConfig,
    settings: SettingsCreator | dict[str, Any] | None = None,
    mark: Callable[[str], None] | None = None,
) -> tuple[pa.Table, dict[str, Any]]:
    """Train the model on `profiles` and score every blocked pair at or above the threshold.

    Returns the scored pairs (`unique_id_l`, `unique_id_r`, `match_probability`, `match_weight`)
    and the trained model as Splink's settings dictionary, which is stored with the run. A
    pre-trained `settings` dictionary (a saved model) skips training. `mark` is called with "train"
    and "predict" as each step ends, for the run's timings.
    """
    con = duckdb.connect(":memory:")
    try:
        if config.threads:
            con.execute(f"SET threads = {int(config.threads)}")
        con.execute("SET enable_progress_bar = false")
        db_api = DuckDBAPI(con)
        frame = db_api.register(profiles, table_name="profiles")
        trained = isinstance(settings, dict)
        linker = Linker(frame, settings or build_settings(), log_level=None)
        skipped = [] if trained else _train(linker, config)
        if mark is not None:
            mark("train")
        predictions = linker.inference.predict(threshold_match_probability=config.threshold)
        pairs = con.execute(
            "SELECT unique_id_l, unique_id_r, match_probability, match_weight"
            f" FROM {predictions.physical_name}"
        ).to_arrow_table()
        model = linker.misc.save_model_to_json()
        model["interdictor_untrained_steps"] = skipped
        if mark is not None:
            mark("predict")
        return pairs, model
    finally:
        con.close()
