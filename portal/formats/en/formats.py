"""English dates and times as in the United Kingdom, for a Danish portal's English pages.

Django's plain ``en`` formats are American (``10/25/2006``, ``2:30 p.m.``), which a Dane reading
in English misreads: day before month and the 24-hour clock, as ``en_GB`` has them. Danish has
no module here: Django's own ``da`` formats (``25.10.2006``, ``14:30``) are what the portal wants.
"""

DATE_FORMAT = "j M Y"  # 25 Oct 2006
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 25 Oct 2006, 14:30
YEAR_MONTH_FORMAT = "F Y"  # October 2006
MONTH_DAY_FORMAT = "j F"  # 25 October
SHORT_DATE_FORMAT = "d/m/Y"  # 25/10/2006
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 25/10/2006 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# What a person may type. Date fields also take ISO dates (2006-10-25) whatever the language,
# which is what the browsers' date pickers send.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 25/10/2006
    "%d/%m/%y",  # 25/10/06
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:30
    "%H:%M:%S",  # 14:30:59
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 25/10/2006 14:30
    "%d/%m/%Y %H:%M:%S",  # 25/10/2006 14:30:59
    "%d/%m/%y %H:%M",  # 25/10/06 14:30
    "%Y-%m-%d %H:%M",  # 2006-10-25 14:30
    "%Y-%m-%d %H:%M:%S",  # 2006-10-25 14:30:59
]
