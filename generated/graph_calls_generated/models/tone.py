from typing import Literal

Tone = Literal[
    "a",
    "b",
    "c",
    "d",
    "flash",
    "pound",
    "star",
    "tone0",
    "tone1",
    "tone2",
    "tone3",
    "tone4",
    "tone5",
    "tone6",
    "tone7",
    "tone8",
    "tone9",
]

TONE_VALUES: set[Tone] = {
    "a",
    "b",
    "c",
    "d",
    "flash",
    "pound",
    "star",
    "tone0",
    "tone1",
    "tone2",
    "tone3",
    "tone4",
    "tone5",
    "tone6",
    "tone7",
    "tone8",
    "tone9",
}


def check_tone(value: str) -> Tone:
    if value in TONE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TONE_VALUES!r}")
