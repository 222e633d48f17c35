"""The projects workbook a clerk downloads, fills in and uploads again: the sheets 项目 and
经费 with their Chinese headers, one example row each, text-formatted cells and pick lists,
and a sheet of instructions."""

from io import BytesIO

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from shangcheng.xlsx import MB

from .columns import MAX_ROWS, MAX_UPLOAD_BYTES, NOTES_SHEET, SHEETS

TEXT = "@"
NOTES = (
    "第一行为表头，请勿修改；第二行为示例，请替换或删除。带 * 的列必填。",
    "“项目”表每行新建一个项目，登记在调研阶段；同一单位同名、同起始年度的项目已登记时，该行报错（不更新已有项目）。",
    "“经费”表每行填写本街道一个年度的公益创投资金总额，和/或一个工作站项目的购买金额；同一年度可写多行，总额只需填写一次。",
    f"文件须为 .xlsx 格式，不超过 {MAX_UPLOAD_BYTES // MB} MB，不含宏，"
    f"两表合计最多 {MAX_ROWS} 行。",
    "上传后先预览；任何一行有错误时不会写入任何数据，改正后重新上传。预览须在一小时内确认。",
)


def template_workbook() -> bytes:
    """The empty workbook with its headers, an example row per sheet and instructions."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, columns in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([c.header + ("*" if c.required else "") for c in columns])
        sheet.append([c.example or None for c in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.cell(1, index).font = Font(bold=True)
            # Text format: years and amounts stay as typed, a formula is not run.
            sheet.column_dimensions[letter].number_format = TEXT
            sheet.column_dimensions[letter].width = 36 if column.key == "unit" else 18
            sheet.cell(2, index).number_format = TEXT
            if column.choices:
                allowed = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"')
                allowed.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
                sheet.add_data_validation(allowed)
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append(["表", "列", "必填", "说明"])
    for name, columns in SHEETS.items():
        for column in columns:
            notes.append([name, column.header, "是" if column.required else "否", column.note])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["B"].width = 24
    notes.column_dimensions["D"].width = 80
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
