"""The house style and the shared figures: colour-blind-safe, labelled, legible on a phone."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from hengyang import analysis as an
from hengyang import plotting as hp
from hengyang.data import load_tables


@pytest.fixture(scope="module")
def tables():
    hp.house_style()
    names = ["phases", "events", "casualty_claims", "relief_positions", "shortages"]
    return dict(zip(names, load_tables(*names)))


def test_house_style_uses_the_okabe_ito_palette():
    hp.house_style()
    cycle = [c["color"].upper() for c in plt.rcParams["axes.prop_cycle"]]
    assert cycle == hp.OKABE_ITO
    assert "#F0E442" not in hp.LINE_COLOURS


def test_text_colour_keeps_contrast_on_every_fill():
    assert hp._text_colour("#0072B2") == "white" and hp._text_colour("#F0E442") == "black"


def test_phase_strip_draws_six_labelled_phases_and_highlights_one(tables):
    fig = hp.phase_marker(tables["phases"], highlight="siege")
    ax = fig.axes[0]
    assert len(ax.patches) == 6
    labels = [t.get_text() for t in ax.texts]
    assert "Siege\n14 days" in labels
    widths = [p.get_linewidth() for p in ax.patches]
    assert widths.count(max(widths)) == 1  # only the highlighted phase has the heavy outline
    plt.close(fig)


def test_range_bars_draw_bars_dots_and_arrows_with_their_text():
    fig, ax = plt.subplots()
    hp.range_bars(
        ax,
        ["range", "exact", "more", "fewer"],
        [2, 5, 10, None],
        [3, 5, None, 500],
        ["k"] * 4,
        texts=["2 to 3", "5", "more than 10", "fewer than 500"],
    )
    assert len(ax.texts) == 6  # two arrows (annotations without text) and four labels
    assert {t.get_text() for t in ax.texts} >= {"2 to 3", "5", "more than 10", "fewer than 500"}
    plt.close(fig)


@pytest.mark.parametrize(
    "draw",
    [
        lambda t: hp.event_timeline(t["phases"], t["events"]),
        lambda t: hp.dated_events(an.events_between(t["events"], "1944-06-23", "1944-06-27"), "x"),
        lambda t: hp.claims_chart(
            t["casualty_claims"], {"x": ["cc-cn-first-offensive-china", "cc-ib-captured"]}
        ),
        lambda t: hp.distance_chart(
            t["relief_positions"], {u: u for u in t["relief_positions"]["unit_id"]}
        ),
        lambda t: hp.shortage_timeline(t["shortages"]),
        lambda t: hp.memory_timeline(t["events"]),
        lambda t: hp.share_bar([("a", 0.5, ""), ("b", 0.03, "//")], "x"),
        lambda t: hp.count_bars(["a", "b"], [1, 2], "x", log=True),
    ],
)
def test_every_shared_figure_draws_from_the_data(tables, draw):
    fig = draw(tables)
    assert fig.axes and any(ax.has_data() for ax in fig.axes)
    plt.close(fig)


def test_numbered_event_figures_number_events_as_their_tables_do(tables):
    numbered = an.events_between(tables["events"], "1944-07-11", "1944-07-20")
    fig = hp.dated_events(numbered, "x")
    assert sorted(int(t.get_text()) for t in fig.axes[0].texts) == list(numbered.index)
    plt.close(fig)
