"""Who a booking is for, when the customer counts the people: adults, and children with their ages.

    read_party("somos 2 adultos y 3 niños de 5, 8 y 12 años, queremos el tour de minca".split())
        → Party(adults=2, children=(5, 8, 12), rest="hola, queremos el tour de minca")
    read_party("playa cristal para mi esposo yo y la bebe de 2 anitos".split())
        → Party(adults=2, children=(2,), ...)

A party is read only when it has children in it: how many adults alone ("para 2 adultos") is a count
the buying rules read from the line itself. The words of the party are left out of `rest`, so the thing
booked can be read from what remains ("queremos el tour de minca").
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import lexicon
from .numbers import parse_number_at


WE = ("amos", "emos", "imos", "omos")  # the verb in "we" before the count: "somos", "vamos", "iremos"


@dataclass(frozen=True)
class Party:
    adults: int
    children: tuple[int | None, ...]  # each child's age, None when not said
    rest: str  # the message without the party's words (a comma where they were)

    @property
    def people(self) -> int:
        return self.adults + len(self.children)


def _ages_after(words: list[str], at: int) -> tuple[list[int], int]:
    """"de 5, 8 y 12 años", "de 6", "d 7": the ages listed from `at`, and where they end."""
    if at >= len(words) or words[at] not in lexicon.words("ages_of"):
        return [], at
    people = lexicon.words("child") | lexicon.words("adult")
    ages, i = [], at + 1
    while i < len(words):
        parsed = parse_number_at(words, i)
        if parsed is not None and parsed[1] < len(words) and words[parsed[1]] in people:
            i -= words[i - 1] in lexicon.words("and")  # "… de 6 y una bebé de 1 año": the next one of the party
            break
        if parsed is not None and parsed[0] <= 17:
            ages.append(parsed[0])
            i = parsed[1]
        elif ages and words[i] in lexicon.words("and"):
            i += 1
        else:
            break
    while ages and i < len(words) and words[i] in lexicon.words("age_unit"):
        i += 1
    return ages, i


def each_aged(words: list[str], at: int) -> tuple[list[int], int]:
    """"uno de 2 y otro de 4 años", "una de 3 y la otra de 5": each child's age after how many there are."""
    one = {w for w, value in lexicon.table("numbers.units").items() if value == 1}
    ages, i = [], at
    while i + 2 < len(words) and (words[i] in one or words[i] in lexicon.words("relative")) \
            and words[i + 1] in lexicon.words("ages_of"):
        parsed = parse_number_at(words, i + 2)
        if parsed is None or parsed[0] > 17:
            break
        ages.append(parsed[0])
        i = parsed[1]
        if i < len(words) and words[i] in lexicon.words("and"):
            i += 1 + (i + 1 < len(words) and words[i + 1] in lexicon.words("article"))  # ("y la otra de 5")
    while ages and i < len(words) and words[i] in lexicon.words("age_unit"):
        i += 1
    return (ages, i) if len(ages) > 1 else ([], at)


def read_party(words: list[str]) -> Party | None:
    """The people the message counts, when children are among them; None when none are, or when how
    many children is not said ("para mis hijos")."""
    adults, children, used = 0, [], set()
    one = {w for w, value in lexicon.table("numbers.units").items() if value == 1}  # "un niño de 6": one child
    singular = {w for w in lexicon.words("article") if not w.endswith("s")}  # "el niño": the one said before
    leads = lexicon.words("article") | lexicon.words("my") | lexicon.words("my_many") | one
    i = 0
    while i < len(words):
        word = words[i]
        parsed = parse_number_at(words, i) if word not in one else None
        count, noun_at = (parsed[0], parsed[1]) if parsed is not None and parsed[1] < len(words) else (None, i)
        if count is not None and 0 < count <= 50 and words[noun_at] in lexicon.words("adult"):
            adults += count
            used.update(range(i, noun_at + 1))
            i = noun_at + 1
            continue
        if count is not None and 0 < count <= 50 and words[noun_at] in lexicon.words("child"):
            ages, end = _ages_after(words, noun_at + 1)
            if not ages:  # ("mis dos hijos, uno de 2 y otro de 4 años")
                ages, end = each_aged(words, noun_at + 1)
            if ages and len(ages) != count:
                return None  # ("3 niños de 5 y 8": an age missing, or a size)
            children += ages or [None] * count
            used.update(range(i - (i > 0 and words[i - 1] in leads), end))
            i = end
            continue
        if word in lexicon.words("child") and i > 0 and words[i - 1] in leads \
                and not (children and words[i - 1] in singular):  # ("…, ¿toca pagar por el niño?": the one said)
            ages, end = _ages_after(words, i + 1)
            plural = words[i - 1] in lexicon.words("my_many") or words[i - 1] in lexicon.words("article") - singular
            if plural and not ages:
                return None  # "para mis hijos": how many is not said
            children += ages or [None]
            used.update(range(i - 1, end))
            i = end
            continue
        if word in lexicon.words("self") or (word in lexicon.words("people") and i > 0
                                              and words[i - 1] in lexicon.words("my")):
            adults += 1  # "yo", "mi esposo", "mi mujer"
            used.update(range(i - (word not in lexicon.words("self")), i + 1))
        elif word in lexicon.words("my") and i > 0 and words[i - 1] in lexicon.words("for_whom") \
                and (i + 1 == len(words) or words[i + 1] in lexicon.words("and")):
            adults += 1  # "para mí y …", "… y para mí"
            used.add(i)
        i += 1
    if not children:
        return None
    joining = lexicon.words("and") | lexicon.words("for_whom")
    used |= {j for j in range(len(words)) if words[j] in joining and (j - 1 in used or j + 1 in used)}
    used |= {j for j in range(len(words) - 1) if j + 1 in used and words[j].endswith(WE)}  # "somos 2 adultos …"
    segments: list[list[str]] = [[]]
    for j, word in enumerate(words):
        if j in used:
            segments.append([]) if segments[-1] else None
        else:
            segments[-1].append(word)
    leading_to = lexicon.words("of") | lexicon.words("for_whom") | {"a"}
    for segment in segments:
        while segment and segment[-1] in leading_to:  # ("la matrícula de [mis dos hijos]"): the thing alone
            segment.pop()
    return Party(adults=adults, children=tuple(children), rest=", ".join(" ".join(s) for s in segments if s))
