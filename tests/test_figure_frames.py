"""The chapters' bar frames: one row a bar, every number in a label from the data, and frames
the figure functions accept (their columns checked) and draw bar for bar."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from hengyang import analysis as an
from hengyang import figure_frames as ff
from hengyang import plotting as hp
from hengyang.data import load_tables

EXPECTATIONS, PHASES, STRENGTHS, CLAIMS, MUNITIONS = load_tables(
    "expectations", "phases", "force_strengths", "casualty_claims", "munitions"
)
FORECASTS = ["ex-chiang", "ex-yokoyama", "ex-division-commanders"]


def test_forecast_bars_set_each_forecast_above_the_days_that_followed_it():
    forecasts = an.forecast_table(EXPECTATIONS, FORECASTS, PHASES)
    frame = ff.forecast_bars(forecasts, EXPECTATIONS)
    assert len(frame) == 2 * len(FORECASTS)
    forecast_rows, yardsticks = frame.iloc[::2], frame.iloc[1::2]
    assert list(forecast_rows["text"]) == list(forecasts["expected"])
    sides = EXPECTATIONS.set_index("expectation_id").loc[FORECASTS, "side"]
    assert list(forecast_rows["side"]) == list(sides)
    assert set(yardsticks["side"]) == {"yardstick"}
    days = list(forecasts["days that followed"])
    assert list(yardsticks["low"]) == days and list(yardsticks["text"]) == [
        f"{d} days" for d in days
    ]


def test_paper_strength_label_is_written_from_the_numbers_it_multiplies():
    frame = ff.paper_and_real_regiments(5, 2.0, 7)
    assert list(frame["label"]) == ["on paper (5 divisions x 2 regiments)", "in reality"]
    assert list(frame["value"]) == [10, 7]
    assert list(frame["side"]) == ["apart", "China"] and list(frame["hatched"]) == [True, False]


def test_daily_rates_give_a_range_over_the_days_asked_and_one_figure_over_the_days_fought():
    frame = ff.daily_rate_bars({"grenades": 28000}, {"grenades": "28,000"}, (10, 14), 47)
    asked, fought = frame.itertuples()
    assert (asked.low, asked.high, asked.side) == (2000, 2800, "plan")
    assert asked.text == "2,000 to 2,800"
    assert fought.low == fought.high == pytest.approx(28000 / 47) and fought.side == "China"
    assert fought.text == "about 600"


def test_figure_ranges_write_each_figure_as_the_source_does_and_mark_about_as_approximate():
    ids = ["fs-10res-combat-jul31", "fs-artillery-troops-jul31"]
    frame = ff.figure_ranges(an.rows(STRENGTHS, ids), ["reserve", "artillery"])
    assert list(frame["text"]) == [an.figure_of(STRENGTHS, key) for key in ids]
    assert list(frame["approx"]) == [False, True]  # "fewer than 500", "about 100"
    fig = hp.ranges_chart(frame, "men")
    hollow = [line for line in fig.axes[0].lines if line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1
    plt.close(fig)


def test_figure_counts_hatch_or_set_apart_the_rows_named_and_draw_one_bar_each():
    ids = ["cc-relief-62nd", "cc-relief-46th-killed", "cc-relief-24th-group"]
    picked = an.rows(CLAIMS, ids)
    frame = ff.figure_counts(picked, ["a", "b", "c"], hatched=["cc-relief-62nd"],
                             apart=["cc-relief-24th-group"])  # fmt: skip
    assert list(frame["value"]) == [int(v) for v in picked["low"]]
    assert list(frame["side"]) == ["China", "China", "apart"]
    assert list(frame["hatched"]) == [True, False, True]
    fig = hp.count_bars(frame, "men")
    bars = fig.axes[0].patches
    assert [p.get_width() for p in bars] == list(frame["value"])
    assert [p.get_hatch() for p in bars] == ["//", "", "//"]
    assert [t.get_text() for t in fig.axes[0].texts] == [
        f"{label}: {value:,}" for label, value in zip(frame["label"], frame["value"])
    ]
    plt.close(fig)


def test_every_builder_gives_a_frame_bar_table_shows_without_raw_numbers():
    frames = [
        ff.daily_rate_bars({"shells": 3200}, {"shells": "3,200"}, (10, 14), 47),
        ff.ratio_ranges({"a": (1.3333, 2.3333), "b": (2.1, None)}, ["plan", "both"]),
        ff.figure_counts(an.rows(MUNITIONS, ["mu-mortar-shells"]), ["shells"]),
    ]
    shown = [hp.bar_table(frame) for frame in frames]
    assert list(shown[1]["figure"]) == ["1.3 to 2.3 to 1", "at least 2.1 to 1"]
    text = " ".join(" ".join(table["figure"]) for table in shown)
    assert "nan" not in text.lower() and ".0 " not in f"{text} " and "333" not in text
