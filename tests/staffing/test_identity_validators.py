"""The one normaliser and the identity checks of ``staffing.validators``, without a database:
every script's digits become ASCII, invisible characters go, and the shape checks then
accept ASCII only. The form, the import and the model call these same functions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from staffing.validators import (
    id_check_char,
    id_number_mismatches,
    normalise_id_number,
    normalise_mobile,
    validate_id_number,
    validate_mobile,
    validate_past_date,
    validate_person_name,
    validate_plausible_date,
)

ID = "33010219900307102X"  # a woman's (order code 102 is even), born 1990-03-07
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
EXTENDED_ARABIC_INDIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


@pytest.mark.parametrize(
    "typed",
    [
        ID[:17].translate(FULL_WIDTH) + ID[17],  # the case: 17 full-width, ASCII X
        ID.translate(FULL_WIDTH),  # all full-width, the X too
        ID[:17].translate(ARABIC_INDIC) + "X",
        ID[:17].translate(EXTENDED_ARABIC_INDIC) + "x",
        ID[:17].translate(DEVANAGARI) + "X",
        "330102\u200b19900307102X",  # zero-width space
        "\ufeff330102199003071\u200c02\u200dX\u2060",  # BOM, ZWNJ, ZWJ, word joiner
        "330102 19900307 102X",
        "330102\u300019900307\u00a0102X",  # ideographic and no-break spaces
        "33010219900307102x",
        " 33010219900307102ｘ ",
        "330102\u202e19900307102X",  # a direction override is a format character too
    ],
)
def test_every_way_of_typing_an_id_number_normalises_to_the_ascii_one(typed):
    assert normalise_id_number(typed) == ID
    validate_id_number(typed)  # and it passes


def test_an_all_full_width_id_is_normalised_not_called_a_wrong_check_digit():
    typed = ID.translate(FULL_WIDTH)
    validate_id_number(typed)
    assert normalise_id_number(typed).isascii()


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "13８００１３８０００",  # the case
        "+86 138 0013 8000",
        "+8613800138000",
        "86 13800138000",
        "0086-138-0013-8000",
        "138-0013-8000",
        "１３８\u200b００１３８０００",
        "١٣٨٠٠١٣٨٠٠٠",
    ],
)
def test_every_way_of_typing_a_mobile_normalises_to_11_ascii_digits(typed):
    assert normalise_mobile(typed) == "13800138000"
    validate_mobile(typed)


@pytest.mark.parametrize(
    "typed",
    ["12800138000", "1380013800", "138001380001", "+1 13800138000", "=13800138000", "1380013800x"],
)
def test_a_mobile_that_is_not_mainland_after_normalising_is_refused(typed):
    with pytest.raises(ValidationError) as e:
        validate_mobile(typed)
    assert e.value.code == "mobile"


def test_only_86_before_exactly_11_digits_is_taken_for_the_country_code():
    # 86 followed by 9 digits is not a prefixed number: left as typed, refused by shape.
    assert normalise_mobile("86138001380") == "86138001380"


@pytest.mark.parametrize(
    ("first17", "code"),
    [
        ("33010220990101002", "id_birth_range"),  # born 2099
        ("33010218000101002", "id_birth_range"),  # born 1800
        ("33010200010101002", "id_birth_range"),  # born in the year 1
        ("33010218991231002", "id_birth_range"),  # the day before 1900-01-01
        ("33010219900230002", "id_birth_date"),  # 30 February
    ],
)
def test_an_id_number_whose_birth_date_is_not_from_1900_to_today_is_refused(first17, code):
    with pytest.raises(ValidationError) as e:
        validate_id_number(_id(first17))
    assert e.value.code == code


def test_the_birth_date_bounds_are_inclusive():
    validate_id_number(_id("33010219000101002"))
    today = timezone.localdate()
    validate_id_number(_id(f"330102{today:%Y%m%d}002"))
    tomorrow = today + timedelta(days=1)
    with pytest.raises(ValidationError):
        validate_id_number(_id(f"330102{tomorrow:%Y%m%d}002"))


@pytest.mark.parametrize(
    "typed",
    [
        "33010219900307102Y",
        "3301021990030710",
        "33010219900307102XX",
        "330102199003071O2X",  # a letter O
        "33010219900307102X;",
    ],
)
def test_an_id_number_of_the_wrong_shape_is_refused_by_its_shape(typed):
    with pytest.raises(ValidationError) as e:
        validate_id_number(typed)
    assert e.value.code == "id_shape"


def test_digits_of_any_script_are_stored_as_ascii():
    # U+1D7D8 (double-struck zero) and U+2460 (circled one) become digits by NFKC; a Thai
    # digit (U+0E51) is a Unicode decimal digit NFKC keeps, mapped to ASCII here.
    assert normalise_id_number("\U0001d7d8\u0e51\u2460") == "011"


def test_the_id_numbers_gender_and_birth_date_bind_the_persons():
    assert id_number_mismatches(ID, gender="female", birth_date=date(1990, 3, 7)) == {}
    assert id_number_mismatches(ID, gender="", birth_date=None) == {}
    wrong = id_number_mismatches(ID, gender="male", birth_date=date(1990, 3, 8))
    assert set(wrong) == {"gender", "birth_date"}
    assert "1990-03-07" in wrong["birth_date"]


@pytest.mark.parametrize("value", [date(1, 1, 1), date(1899, 12, 31), date(9999, 12, 31)])
def test_dates_out_of_bounds_are_refused(value):
    with pytest.raises(ValidationError):
        validate_past_date(value)
    with pytest.raises(ValidationError):
        validate_plausible_date(value)


def test_a_past_date_may_be_today_not_tomorrow_and_a_plausible_one_up_to_2100():
    today = timezone.localdate()
    validate_past_date(today)
    validate_past_date(date(1900, 1, 1))
    with pytest.raises(ValidationError):
        validate_past_date(today + timedelta(days=1))
    validate_plausible_date(date(2100, 12, 31))
    with pytest.raises(ValidationError):
        validate_plausible_date(date(2101, 1, 1))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("张3", "name_digits"),
        ("张三٣", "name_digits"),
        ("=张三", "name_formula"),
        ("+张三", "name_formula"),
        ("@张三", "name_formula"),
        ("-张三", "name_formula"),
        ("张\u202e三", "name_invisible"),
        ("\u2066张三\u2069", "name_invisible"),
        ("\u200b", "name_invisible"),
        ("张\u200b三", "name_invisible"),
        ("\ufeff", "name_invisible"),
        ("   ", "name_blank"),
        ("张" * 51, "name_length"),
    ],
)
def test_bad_names_are_refused(name, code):
    with pytest.raises(ValidationError) as e:
        validate_person_name(name)
    assert e.value.code == code


@pytest.mark.parametrize("name", ["张三", "阿卜杜·热合曼", "欧阳娜娜", "Li Na", "张" * 50])
def test_ordinary_names_pass(name):
    validate_person_name(name)
