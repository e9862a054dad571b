"""The benchmark reports ratios to the floor and page weights (a report, never a timed test)."""

from hengyang.bench import _median, _page_weights, report


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
    assert "| nbval | 7.0 | 0.70 | ≤ 0.5 |" in text
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


def test_report_gives_the_median_chapter_as_a_ratio_to_the_imports_only_notebook():
    text = report(
        {
            "floor_s": 12.0,
            "per_notebook_s": {"a.ipynb": 2.0, "b.ipynb": 3.0, "c.ipynb": 7.0},
            "baselines_s": {"imports only": 2.0, "empty": 1.0},
            "times_s": {"nbval": 6.0},
            "executed": {},
            "changed_notebook": "c.ipynb",
            "page_bytes": {"chapters/a.html": 900},
        }
    )
    assert "Median chapter execution: **3.00 s**, 1.50 times the notebook" in text
    assert "(2.00 s; target ≤ 1.5); an empty notebook takes 1.00 s" in text
    assert "| c.ipynb | 7.00 | 3.50 |" in text


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert _median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert _median([3.0, 1.0, 2.0]) == 2.0
