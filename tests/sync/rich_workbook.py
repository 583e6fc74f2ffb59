"""A person's macro workbook with everything openpyxl would lose on a load/save round trip.

Built from xlwings' quickstart.xlsm (a real vbaProject.bin written by Excel), then given what a
school's workbook grows: a chart, an image and a shape, comments, a list dropdown, a table,
data bars with Excel 2010 extensions, sparklines, a form button wired to a macro, and defined
names (workbook-wide and scoped to a sheet). Every name and value is invented.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import xlwings
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import DataBarRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table
from PIL import Image as Picture

QUICKSTART = Path(xlwings.__file__).parent / "quickstart.xlsm"
LOG = "Walkthroughs"

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CTRL_PROP = f"{R}/ctrlProp"

DATA_BARS_AND_SPARKLINES = (
    "<extLst>"
    f'<ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{X14}">'
    f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{XM}">'
    '<x14:cfRule type="dataBar" id="{3F1D2C55-0000-4000-8000-000000000001}">'
    '<x14:dataBar minLength="0" maxLength="100" gradient="0">'
    '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/>'
    '<x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/>'
    "</x14:dataBar></x14:cfRule><xm:sqref>E2:E9</xm:sqref>"
    "</x14:conditionalFormatting></x14:conditionalFormattings></ext>"
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}">'
    f'<x14:sparklineGroups xmlns:xm="{XM}">'
    '<x14:sparklineGroup displayEmptyCellsAs="gap">'
    '<x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/>'
    '<x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/>'
    '<x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/>'
    '<x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>'
    f"<x14:sparklines><x14:sparkline><xm:f>{LOG}!E2:E9</xm:f><xm:sqref>G2</xm:sqref>"
    "</x14:sparkline></x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext>"
    "</extLst>"
)


def _anchor(column: int, row: int, to_column: int, to_row: int) -> str:
    return (
        f"<from><xdr:col>{column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>"
        f"<xdr:rowOff>0</xdr:rowOff></from><to><xdr:col>{to_column}</xdr:col><xdr:colOff>0"
        f"</xdr:colOff><xdr:row>{to_row}</xdr:row><xdr:rowOff>0</xdr:rowOff></to>"
    )


def _button(relationship_id: str) -> str:
    """A form button that runs a macro, as Excel writes it."""
    return (
        f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:x14="{X14}" xmlns:xdr="{XDR}" '
        f'xmlns:r="{R}"><mc:Choice Requires="x14"><controls>'
        '<mc:AlternateContent><mc:Choice Requires="x14">'
        f'<control shapeId="1025" r:id="{relationship_id}" name="Button 1">'
        '<controlPr defaultSize="0" print="0" autoFill="0" autoPict="0" '
        'macro="[0]!SampleCall"><anchor moveWithCells="1" sizeWithCells="1">'
        f"{_anchor(8, 1, 10, 3)}</anchor></controlPr></control>"
        "</mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>"
    )


SHAPE = (
    f'<xdr:twoCellAnchor editAs="oneCell" xmlns:xdr="{XDR}">'
    + _anchor(8, 5, 11, 8)
    .replace("<from>", "<xdr:from>")
    .replace("</from>", "</xdr:from>")
    .replace("<to>", "<xdr:to>")
    .replace("</to>", "</xdr:to>")
    + '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="90" name="Reminder"/>'
    "<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>"
    f'<a:prstGeom prst="roundRect" xmlns:a="{A}"><a:avLst/></a:prstGeom></xdr:spPr>'
    f'<xdr:txBody><a:bodyPr xmlns:a="{A}"/><a:p xmlns:a="{A}"><a:r><a:t>Refresh on Fridays</a:t>'
    "</a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
)


def build(path: Path) -> Path:
    """Write the rich macro workbook to `path` (an .xlsm) and return it."""
    workbook = openpyxl.load_workbook(QUICKSTART, keep_vba=True)
    log = workbook.create_sheet(LOG, 0)
    log.append(["Date", "Time", "Teacher", "Look-fors", "Minutes", "Notes"])
    for day in range(8):
        log.append(
            [
                dt.date(2026, 9, 14) + dt.timedelta(days=day),
                dt.time(8 + day, 15),
                f"T{day % 3 + 1}",
                "CFU:3, ENG",
                10 + day * 3 - (day % 2) * 7,
                "=looked engaged" if day == 2 else f"visit {day}",
            ]
        )
        log.cell(day + 2, 1).number_format = "yyyy-mm-dd"
    log.cell(4, 6).data_type = "s"
    dropdown = DataValidation(type="list", formula1='"T1,T2,T3"', allow_blank=True)
    dropdown.add("C2:C200")
    log.add_data_validation(dropdown)
    log["C2"].comment = Comment("Use the Teacher ID from the Roster.", "ILT")
    log.conditional_formatting.add("E2:E9", DataBarRule("min", None, "max", None, color="638EC6"))
    chart = BarChart()
    chart.add_data(Reference(log, min_col=5, min_row=1, max_row=9), titles_from_data=True)
    log.add_chart(chart, "H10")
    picture = io.BytesIO()
    Picture.new("RGB", (40, 20), (30, 110, 200)).save(picture, "PNG")
    log.add_image(Image(picture), "L2")
    log.auto_filter.ref = "A1:F9"
    log.defined_names["LastVisit"] = DefinedName("LastVisit", attr_text=f"{LOG}!$A$9")

    roster = workbook.create_sheet("Roster", 1)
    roster.append(["Teacher ID", "Name", "Grade"])
    roster.append(["T1", "Avery Quill", "3"])
    roster.append(["T2", "Rowan Pike", "5"])
    roster.append(["T3", "Sky Harrow", "K"])
    roster.add_table(Table(displayName="RosterTable", ref="A1:C4"))
    workbook.defined_names["Teachers"] = DefinedName("Teachers", attr_text="Roster!$A$2:$A$4")
    roster.print_area = "A1:C4"
    workbook.active = 0
    workbook.save(path)
    _add_what_openpyxl_cannot_write(path)
    return path


def _as_excel_writes_it(workbook_xml: str) -> str:
    """openpyxl's sheets and names inside the workbook.xml that Excel wrote for quickstart.xlsm.

    Excel's has what a careless rewrite breaks: `mc:Ignorable` naming prefixes declared on the
    root, `mc:AlternateContent`, revision ids and an extLst.
    """
    with zipfile.ZipFile(QUICKSTART) as archive:
        excel = archive.read("xl/workbook.xml").decode()
    ours = workbook_xml[workbook_xml.index("<sheets>") : workbook_xml.index("</definedNames>")]
    start, end = excel.index("<sheets>"), excel.index("</sheets>") + len("</sheets>")
    return excel[:start] + ours + "</definedNames>" + excel[end:]


def _add_what_openpyxl_cannot_write(path: Path) -> None:
    """Data bar extensions, sparklines, a form button and a shape, edited into the zip."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    sheet, rels = "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"
    assert f'name="{LOG}"'.encode() in parts["xl/workbook.xml"]
    text = parts[sheet].decode()
    controls_at = text.index("<tableParts") if "<tableParts" in text else text.index("</worksheet>")
    text = text[:controls_at] + _button("rIdButton") + text[controls_at:]
    text = text.replace("</worksheet>", DATA_BARS_AND_SPARKLINES + "</worksheet>")
    parts[sheet] = text.encode()
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdButton" Type="{CTRL_PROP}" '
        'Target="../ctrlProps/ctrlProp1.xml"/></Relationships>'.encode(),
    )
    parts["xl/ctrlProps/ctrlProp1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<formControlPr xmlns="{X14}" objectType="Button" lockText="1"/>'
    ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/ctrlProps/ctrlProp1.xml" '
        b'ContentType="application/vnd.ms-excel.controlproperties+xml"/></Types>',
    )
    drawing = "xl/drawings/drawing1.xml"
    parts[drawing] = parts[drawing].replace(b"</wsDr>", SHAPE.encode() + b"</wsDr>")
    assert b"Reminder" in parts[drawing]
    parts["xl/workbook.xml"] = _as_excel_writes_it(parts["xl/workbook.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
