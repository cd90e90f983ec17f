"""Writes the hand-made SIE fixtures of the tests (run once; the files are committed).

The #KSUMMA value is computed here independently of samordna.finance.sie: shlex splits each record
(quotes and \\" escapes), braces are dropped, and zlib.crc32 runs over the CP437 bytes.
"""

from __future__ import annotations

import shlex
import zlib
from pathlib import Path

HERE = Path(__file__).parent

HEAD = """#FLAGGA 0
#PROGRAM "Handskrivet test" 1.0
#FORMAT PC8
#GEN 20250131 AB
#SIETYP {typ}
#ORGNR 222000-1974
#FNAMN "Samordningsförbundet Åsa \\"Öst\\""
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#KPTYP EUBAS97
#KONTO 1930 "Bank"
#KONTO 3511 "Medlemsavgifter"
#KONTO 4610 "Lämnade bidrag"
#KONTO 6110 "Kontorsmaterial"
#KONTO 2010 "Eget kapital"
#KTYP 1930 T
#KTYP 3511 I
#KTYP 4610 K
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "1063" "Samordningsteam FNS"
#OBJEKT 1 "1064" "Samordningsteam Sala"
#OBJEKT 1 "1002" "Medel från huvudmännen"
#IB 0 1930 100000.00
#IB 0 2010 -100000.00
#UB 0 1930 {bank}
#UB 0 2010 -100000.00
#IB -1 1930 {bank_earlier}
#IB -1 2010 -{bank_earlier}
#UB -1 1930 100000.00
#UB -1 2010 -{bank_earlier}
"""
# The balances of each file add up (balances.py): closing balances of 1930 and 2010 plus the year's result = 0.

TYPE1 = (
    HEAD.format(typ=1, bank="150000.00", bank_earlier="100999.00")
    + """#RES 0 3511 -800000.00
#RES 0 4610 750000.00
#RES -1 4610 999.00
#UNKNOWNLABEL some fields "are ignored"
"""
)

TYPE2 = (
    HEAD.format(typ=2, bank="900000.00", bank_earlier="100000.00")
    + """#RES 0 3511 -800000.00
#PSALDO 0 202401 3511 {} -400000.00
#PSALDO 0 202407 3511 {} -400000.00
#PSALDO 0 202401 4610 {} 60000.00
#PSALDO 0 202402 4610 {} 70000.00
#PSALDO -1 202302 4610 {} 5.00
#PBUDGET 0 202401 4610 {} 50000.00
"""
)

TYPE3 = (
    HEAD.format(typ=3, bank="498249.50", bank_earlier="100000.00")
    + """#OIB 0 1930 {1 "1063"} 0.00
#PSALDO 0 202401 3511 {} -400000.00
#PSALDO 0 202401 3511 {1 "1002"} -400000.00
#PSALDO 0 202401 4610 {} 1500.00
#PSALDO 0 202401 4610 {1 "1063"} 1000.00
#PSALDO 0 202401 4610 {1 "1064"} 300.00
#PSALDO 0 202402 4610 {"1" "1063"} 250.50
#PSALDO 0 202402 4610 {} 250.50
"""
)

TYPE4 = (
    HEAD.format(typ=4, bank="431500.00", bank_earlier="100000.00")
    + """#PSALDO 0 202401 4610 {} 999999.00
#PSALDO 0 202401 4610 {1 "1063"} 999999.00
#VER A 1 20240115 "Medlemsavgift" 20240116
{
#TRANS 1930 {} 400000.00
#TRANS 3511 {1 "1002"} -400000.00
}
#VER A 2 20240220 "Faktura \\"FNS\\" januari"
{
#TRANS 4610 {1 "1063"} 55000.00 20240219 "Lön"
#TRANS 1930 {} -55000.00
}
#VER A 3 20240305 "Rättad faktura"
{
#BTRANS 4610 {1 "1064"} 10000.00 20240306 "Struken rad" 0 "AB"
#TRANS 4610 {1 "1063"} 10000.00
#RTRANS 6110 {1 "1064"} 2500.00 20240306 "Tillagd rad" 0 "AB"
#TRANS 6110 {1 "1064"} 2500.00 20240306 "Tillagd rad" 0 "AB"
#TRANS 1930 {} -12500.00
}
#VER A 4 20240901 "Efter delåret"
{
#TRANS 4610 {1 "1063"} 1000.00
#TRANS 1930 {} -1000.00
}
"""
)


def checksum(records: str) -> int:
    crc = 0
    for line in records.splitlines():
        line = line.strip()
        if not line or line in ("{", "}"):
            continue
        parts = shlex.split(line.replace("{", " ").replace("}", " "), posix=True)
        crc = zlib.crc32("".join(parts).encode("cp437"), crc)
    return crc


def with_ksumma(text: str) -> str:
    first, rest = text.split("\n", 1)
    return f"{first}\n#KSUMMA\n{rest}#KSUMMA {checksum(rest)}\n"


def main() -> None:
    (HERE / "type1.se").write_bytes(TYPE1.encode("cp437"))
    (HERE / "type2.se").write_bytes(TYPE2.encode("cp437"))
    (HERE / "type3.se").write_bytes(TYPE3.encode("cp437"))
    (HERE / "type4.se").write_bytes(TYPE4.replace("\n", "\r\n").encode("cp437"))
    good = with_ksumma(TYPE4)
    (HERE / "type4_ksumma.se").write_bytes(good.encode("cp437"))
    (HERE / "type4_ksumma_bad.se").write_bytes(
        good.replace("55000.00", "55100.00")
        .replace("#TRANS 1930 {} -55000.00", "#TRANS 1930 {} -55100.00")
        .encode("cp437")
    )
    # Cut off after the last voucher: the opening #KSUMMA has no closing one.
    (HERE / "type4_truncated.se").write_bytes("".join(good.splitlines(True)[:-1]).encode("cp437"))
    (HERE / "type4_utf8_labelled_pc8.se").write_bytes(TYPE4.encode("utf-8"))
    (HERE / "type4_unbalanced.se").write_bytes(
        TYPE4.replace("#TRANS 1930 {} -55000.00", "#TRANS 1930 {} -54000.00").encode("cp437")
    )


if __name__ == "__main__":
    main()
