"""The benchmark reports ratios to the floor and page weights (a report, never a timed test)."""

from hengyang.bench import _page_weights, report


def test_report_gives_each_step_as_a_ratio_to_the_floor_and_names_the_heaviest_page():
    text = report(
        {
            "floor_s": 10.0,
            "per_notebook_s": {"a.ipynb": 4.0, "b.ipynb": 6.0},
            "times_s": {
                "nbval": 7.0,
                "clean build": 15.0,
                "no-change build": 1.0,
                "one-change build": 5.0,
            },
            "executed": {
                "clean build": ["a.ipynb", "b.ipynb"],
                "no-change build": [],
                "one-change build": ["b.ipynb"],
            },
            "changed_notebook": "b.ipynb",
            "page_bytes": {"chapters/a.html": 900, "chapters/b.html": 2_000_000},
        }
    )
    assert "| nbval | 7.0 | 0.70 | ≤ 0.8 |" in text
    assert "| no-change build | 1.0 | 0.10 | ≤ 0.2 | none |" in text
    assert "| one-change build | 5.0 | 0.50 | only the changed notebook | b.ipynb |" in text
    assert "Heaviest page: `chapters/b.html`, 2,000,000 bytes." in text


def test_page_weight_counts_the_html_and_the_images_it_shows(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "f.png").write_bytes(b"x" * 1000)
    page = tmp_path / "chapters" / "p.html"
    page.write_text("<img src='../_images/f.png' alt='f'>")
    assert _page_weights(tmp_path) == {"chapters/p.html": page.stat().st_size + 1000}
