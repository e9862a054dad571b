"""Checks every figure test shares: how wide the book shows a figure, which of its texts read
under 8 pt on a phone, and whether its faces are white (transparent PNGs vanish in dark mode).

Imported by the figure test modules (``pythonpath = tests`` in pytest.ini)."""

from matplotlib.text import Text

from hengyang import plotting as hp

SMALLEST_PT = 8  # the smallest text a reader should meet on a 390 px phone


def shown_width_px(fig) -> float:
    """The width at which the book shows a figure: the inline backend saves the whole canvas
    (``house_style`` asks for no tight bounding box), at 96 CSS px per inch (retina doubles
    the pixels, not the size)."""
    return fig.get_figwidth() * 96


def outside_canvas(fig, tolerance_px: float = 1.0) -> list[str]:
    """Where the figure draws beyond its canvas ("left by 12 px" ...): the book saves the
    canvas as it is, so anything outside it would be cut off."""
    fig.canvas.draw()
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # in inches
    width, height = fig.get_size_inches()
    over = {
        "left": -drawn.x0,
        "bottom": -drawn.y0,
        "right": drawn.x1 - width,
        "top": drawn.y1 - height,
    }
    return [f"{side} by {px * 96:.0f} px" for side, px in over.items() if px * 96 > tolerance_px]


def visible_texts(fig) -> list[Text]:
    """Every text a reader sees: visible, not empty, drawn in the figure, and not a tick or axis
    label of an axes turned off (``ax.axis("off")`` hides them without making them invisible)."""
    hidden = {
        id(t)
        for ax in fig.axes
        if not ax.axison
        for axis in (ax.xaxis, ax.yaxis)
        for t in axis.findobj(Text)
    }
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.figure and id(t) not in hidden
    ]


def small_texts(fig) -> list[tuple[str, float]]:
    """(first 30 characters, size in pt on the phone) of every text under :data:`SMALLEST_PT`
    when the figure is shrunk to the :data:`hengyang.plotting.PHONE_PX` a 390 px phone leaves."""
    scale = min(1.0, hp.PHONE_PX / shown_width_px(fig))
    return sorted(
        {
            (t.get_text()[:30], round(t.get_fontsize() * scale, 1))
            for t in visible_texts(fig)
            if t.get_fontsize() * scale < SMALLEST_PT
        }
    )


def has_white_faces(fig) -> bool:
    """The figure and each of its axes are painted white."""
    return fig.get_facecolor()[:3] == (1, 1, 1) and all(
        ax.get_facecolor()[:3] == (1, 1, 1) for ax in fig.axes
    )
