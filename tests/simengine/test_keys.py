"""Which key a request asks for: uniform over key_count keys, or Zipf-skewed so a few are hot."""

from __future__ import annotations

from collections import Counter

from simengine.components.keys import ZIPF_TABLE_MAX, KeyPicker
from simengine.rng import Stream


def draws(count: int, skew: float, n: int = 20_000) -> Counter[int]:
    picker = KeyPicker(Stream(1, "users/keys"), count, skew)
    return Counter(picker.draw() for _ in range(n))


def test_without_skew_every_key_is_asked_for_about_as_often() -> None:
    seen = draws(10, 0.0)
    assert set(seen) == set(range(10))
    assert max(seen.values()) < 1.2 * min(seen.values())


def test_a_zipf_skew_of_one_makes_the_first_keys_hot() -> None:
    seen = draws(10_000, 1.0)
    top_ten = sum(seen[k] for k in range(10))
    assert top_ten > 0.25 * sum(seen.values())  # ten keys of ten thousand: a quarter of reads
    assert seen[0] > seen[9] > 0


def test_beyond_the_table_ranks_share_the_tail() -> None:
    picker = KeyPicker(Stream(1, "users/keys"), 10 * ZIPF_TABLE_MAX, 1.0)
    assert picker.zipf is not None and len(picker.zipf) == ZIPF_TABLE_MAX
