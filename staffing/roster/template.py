"""The empty roster workbook a clerk downloads, fills in and uploads again."""

from io import BytesIO

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from shangcheng.xlsx import MB

from .columns import COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, NOTES_SHEET, SHEET

NOTES = (
    "第一行为表头，请勿修改；自第二行起每行填写一人的一个岗位，同一人多个岗位可写多行，人员信息须一致。",
    "带 * 的列必填。日期填写为 YYYY-MM-DD 文本或 Excel 日期。",
    f"文件须为 .xlsx 格式，不超过 {MAX_UPLOAD_BYTES // MB} MB，不含宏，最多 {MAX_ROWS} 行。",
    "上传后先预览；任何一行有错误时不会写入任何数据，改正后重新上传。重复导入同一文件不会重复登记。",
)


def template_workbook() -> bytes:
    """The empty roster with its Chinese headers, pick lists and a sheet of instructions."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([c.header + ("*" if c.required else "") for c in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 40 if column.key == "unit" else 16
        # Text format keeps an 18-digit ID number from being rounded by Excel.
        fmt = "yyyy-mm-dd" if column.dated else "@"
        sheet.column_dimensions[letter].number_format = fmt
        if column.choices:
            allowed = DataValidation(type="list", formula1=f'"{",".join(column.choices)}"')
            allowed.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(allowed)
    notes = workbook.create_sheet(NOTES_SHEET)
    notes.append(["列", "必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "是" if column.required else "否", column.note])
    notes.append([])
    for line in NOTES:
        notes.append([line])
    notes.column_dimensions["C"].width = 70
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
