#!/usr/bin/python3
"""Fill a period's scoring workbook from YAML scorecards, in LibreOffice Calc.

How the demo site's content/scorecards/2025-H1/考核评分表.xlsx was made: its YAML scorecards
were moved out of the folder, `zhengfeng new workbook 2025-H1` wrote the blank workbook, and this
script typed each scorecard into it through LibreOffice (headless, over UNO) and saved it as
.xlsx, as an office would in a spreadsheet program. The build then reads the workbook alone.

    zhengfeng new workbook 2025-H1
    /usr/bin/python3 examples/fill_workbook.py . 2025-H1 /path/to/old/2025-H1

Needs LibreOffice Calc, its Python bridge and PyYAML (Debian: libreoffice-calc-nogui,
python3-uno, python3-yaml). Columns are found by their header text, as zhengfeng reads them.
"""

import datetime
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

import uno
import yaml
from com.sun.star.beans import PropertyValue


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    return yaml.safe_load(text.split("---")[1])


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def squash(s):
    return re.sub(r"\s", "", s)


def bare(header):
    """`领导责任落实(15)` -> `领导责任落实`."""
    return re.sub(r"[(（][^()（）]*[)）]$", "", squash(header))


def main(site, period, yaml_dir):
    rubric_path = os.path.join(site, "content/scorecards", period, "rubric.yaml")
    if not os.path.exists(rubric_path):
        rubric_path = os.path.join(site, "content/scorecards/rubric.yaml")
    rubric = yaml.safe_load(open(rubric_path, encoding="utf-8"))
    indicators = {squash(i["name"]): i["id"] for i in rubric["indicators"]}
    indicators.update({i["id"]: i["id"] for i in rubric["indicators"]})
    duties = {}
    for path in sorted(glob.glob(os.path.join(site, "content/mechanisms/*.md"))):
        for r in front_matter(path).get("requirements") or []:
            duties.setdefault(squash(r["text"]), r["id"])
            duties.setdefault(r["id"], r["id"])
    units = {u["id"]: u["name"] for u in yaml.safe_load(open(os.path.join(site, "content/units.yaml"), encoding="utf-8"))}
    cards = [yaml.safe_load(open(p, encoding="utf-8")) for p in sorted(glob.glob(os.path.join(yaml_dir, "*.yaml")))]
    book = os.path.abspath(os.path.join(site, "content/scorecards", period, "考核评分表.xlsx"))

    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = "zhengfeng_fill_%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo", "-env:UserInstallation=file://" + profile,
                               "--accept=pipe,name=%s;urp;" % pipe])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(100):
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.2)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(book), "_blank", 0, (prop("Hidden", True),))
        sheets = doc.Sheets
        fill_scores(sheets.getByIndex(0), cards, indicators, duties)
        fill_details(sheets, cards, units)
        doc.storeToURL(uno.systemPathToFileUrl(book), (prop("FilterName", "Calc MS Excel 2007 XML"), prop("Overwrite", True)))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=30)


def header(sheet):
    row, out = 0, {}
    for c in range(64):
        text = sheet.getCellByPosition(c, row).getString()
        if text:
            out[c] = text
    return out


def fill_scores(sheet, cards, indicators, duties):
    columns = header(sheet)
    rows = {}
    for r in range(1, 1000):
        code = sheet.getCellByPosition(0, r).getString()
        if not code:
            break
        rows[code] = r
    epoch = datetime.date(1899, 12, 30)
    for card in cards:
        r = rows[card["unit"]]
        for c, text in columns.items():
            cell = sheet.getCellByPosition(c, r)
            key = bare(text)
            if key in indicators:
                cell.setValue(card["scores"][indicators[key]])
            elif key == "满意度" and card.get("satisfaction") is not None:
                cell.setValue(card["satisfaction"])
            elif key in duties and duties[key] in (card.get("requirements") or {}):
                cell.setValue(card["requirements"][duties[key]])
            elif key == "考评日期" and card.get("assessed_on"):
                cell.setValue((card["assessed_on"] - epoch).days)
            elif key == "考评组" and card.get("assessor"):
                cell.setString(card["assessor"])
            elif key == "考评意见" and card.get("comment"):
                cell.setString(card["comment"])


def fill_details(sheets, cards, units):
    def rows(name, items):
        sheet = sheets.getByName(name)
        columns = {bare(t): c for c, t in header(sheet).items()}
        for r, item in enumerate(items, start=1):
            for key, value in item.items():
                if value is None:
                    continue
                cell = sheet.getCellByPosition(columns[key], r)
                if isinstance(value, (int, float)):
                    cell.setValue(value)
                else:
                    cell.setString(value)

    for name, field in (("扣分", "deductions"), ("加分", "bonus")):
        items = []
        for card in cards:
            for a in card.get(field) or []:
                item = {"单位": units[card["unit"]], "分值": a["points"], "事由": a["reason"], "案例": a.get("case")}
                if field == "bonus":
                    item["典型"] = a.get("model")
                items.append(item)
        rows(name, items)
    rows("一票否决", [{"单位": units[c["unit"]], "事由": c["veto"]["reason"]} for c in cards if c.get("veto")])


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
