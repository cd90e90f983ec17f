"""Swedish input formats: dates only as ÅÅÅÅ-MM-DD.

Django's Swedish formats also read 03/01/2025 as 1 March (the American order), which a Swedish reader takes
for 3 January; Samordna accepts only the ISO form its fields ask for. Everything not named here comes from
Django's own Swedish formats.
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
