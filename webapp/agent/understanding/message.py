"""A customer message, tokenised once: folded tokens with offsets, verb lemmas, clauses.

Every extractor (items, quantities, customer data, signals) reads this object instead of
splitting the text again. Word classes come from the lexicon by name:

    message = Message("¿me regala 2 cuadernos de 100 hojas?")
    message.has("buy")            # True: "regala" is a form of regalar
    message.is_question           # True
    message.clauses               # token lists split at punctuation, for item extraction
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .. import lexicon
from ...services.text import fold
from . import lemmas

TOKEN = lexicon.TOKEN
CLAUSE_BREAK = re.compile(r"[;\n!?¿¡]+|(?<!\d):|:(?!\d)|,(?!\d)|(?<!\d),"
                          r"|(?<![Nn][Oo])\.(?!\d)|(?<=[Nn][Oo])\.(?!\s*\d)"  # ("la olla No. 24" is one name)
                          r"|\s[-–]\s")  # ("1:18" is a scale)
FUNCTION_WORDS = frozenset("""a al ante como con contra cual de del desde e el ella ellas ellos en entre es esa esas
    ese eso esos esta estas este esto estos hacia la las le les lo los me mi mis nos o os para pero por que se su
    sus te ti tu tus u un una unas uno unos y ya yo sobre bajo tras vino casa""".split())
NOUN_LEADS = frozenset("un una unos unas el del mi mis su sus esa ese esas esos esta este estas estos".split())


def leads_a_noun(word: str) -> bool:
    """After a number or a determiner comes a noun ("2 velas", "una vela", "las dos matrículas"), never a
    verb."""
    return word[:1].isdigit() or word in NOUN_LEADS or word in _counts()


@lru_cache(maxsize=1)
def _counts() -> frozenset[str]:
    return frozenset(word for word, value in lexicon.table("numbers.units").items() if value > 1)


INFINITIVE = re.compile(r"(?:ar|er|ir)(?:me|te|se|nos|le|les|lo|la|los|las)?$")


def noun_after_de(before: str, word: str) -> bool:
    """"bolsa de regalo", "papel de regalo", "empacado al vacío": after "de" or "al" a word is a noun
    unless it is an infinitive ("antes de pagar", "la de ponerle", "al llegar")."""
    return before in ("de", "del", "al") and not INFINITIVE.search(word)


CLAUSE_LEADS = frozenset({"y", "e", "me", "le", "nos", "pues", "entonces", "mejor"})
ASKED_AFTER_A_PREPOSITION = frozenset((p, q) for p in ("en", "a", "de", "por", "desde", "hasta", "con")
                                      for q in ("que", "cual", "cuales", "donde", "cuanto", "cuanta", "cuantos",
                                                "cuantas"))  # "en que barrio estan", "a que hora abren"
NOT_VERBS = ("order_word", "non_product", "filler", "vocative", "greeting", "confirm", "deny", "apology",
             "bought", "happens", "separately")


@dataclass(frozen=True)
class Token:
    text: str    # folded ("tráigame" → "traigame", "1,5" → "1.5")
    start: int   # offsets into the raw message
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def _tokens(raw: str, offset: int = 0) -> list[Token]:
    folded = fold(raw)
    found = [Token(m.group().replace(",", ".") if m.group()[0].isdigit() else m.group(),
                   m.start() + offset, m.end() + offset) for m in TOKEN.finditer(folded)]
    return _names_with_numbers(_meridiem(found))


def _meridiem(found: list[Token]) -> list[Token]:
    """"a las 7 p.m.", "de 5 a 7 p. m.": the hour's "pm" / "am", one word (never a size "M" asked for)."""
    merged: list[Token] = []
    for token in found:
        last = merged[-1] if merged else None
        if last is not None and token.text == "m" and last.text in ("a", "p") and token.start - last.end <= 2 \
                and len(merged) > 1 and merged[-2].text.isdigit():
            merged[-1] = Token(f"{last.text}m", last.start, token.end)
            continue
        merged.append(token)
    return merged


def _names_with_numbers(found: list[Token]) -> list[Token]:
    """"la ps5 digital", "un mp3": digits written onto a word of two letters or more are part of a name,
    never how many; "x4", "2kg" and "talla8" stay apart (a pack, a measure, a size)."""
    apart = lexicon.words("measure") | lexicon.words("pair") | lexicon.words("not_split")
    merged: list[Token] = []
    for token in found:
        last = merged[-1] if merged else None
        if last is not None and token.text.isdigit() and last.end == token.start and last.text.isalpha() \
                and len(last.text) >= 2 and last.text not in apart:
            merged[-1] = Token(last.text + token.text, last.start, token.end)
        else:
            merged.append(token)
    return merged


@lru_cache(maxsize=1)
def _question_tag() -> re.Pattern:
    """The lexicon's `question_tag` closing a message after something else was said (`fold`ed text)."""
    tags = "|".join(re.escape(" ".join(p)) for p in sorted(lexicon.phrases("question_tag"), key=len, reverse=True))
    return re.compile(rf"(?<=\S)[\s,]*¿?\s*(?:{tags})\s*\?+\s*$")


CORRECTABLE = ("catalog", "quote", "price", "stock", "categories", "order_word", "handoff", "company")
MIN_FIX_LENGTH = 5
MIN_COMPANY_FIX_LENGTH = 7  # "punos" (puños) is a product, not a typo of "puntos"
FIX_SCORE = 88


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], dict[str, str], tuple[str, ...]]:
    """Words a typo may stand for (the lexicon's request words), by sound and by spelling."""
    known = set()
    for name in lexicon.class_names():
        known |= {w for phrase in lexicon.phrases(name) for w in phrase}  # "contra entrega" keeps "entrega"
    targets = sorted({w for n in CORRECTABLE for w in lexicon.words(n) if w.isalpha() and len(w) >= (
        MIN_COMPANY_FIX_LENGTH if n == "company" else MIN_FIX_LENGTH)})
    by_sound: dict[str, str] = {}
    for word in targets:
        by_sound.setdefault(lemmas.sound(word), word)
    return frozenset(known), by_sound, tuple(targets)


@lru_cache(maxsize=1)
def _company_only() -> frozenset[str]:
    """Targets only the company's words give: a word shorter than them is never "corrected" to one
    ("dominó" is a game, not "domingo")."""
    others = {w for n in CORRECTABLE if n != "company" for w in lexicon.words(n)}
    return frozenset(lexicon.words("company") - others)


@lru_cache(maxsize=16384)
def corrected(word: str) -> str:
    """A misspelt request word ("catalgo", "presio", "cotisacion") as the lexicon writes it."""
    known, by_sound, targets = _vocabulary()
    if len(word) < MIN_FIX_LENGTH or not word.isalpha() or word in known or lemmas.lemma(word):
        return word
    found = by_sound.get(lemmas.sound(word))
    if found:
        return found
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Levenshtein
    best = process.extractOne(word, targets, scorer=fuzz.ratio, score_cutoff=FIX_SCORE)
    if best and (word.startswith(best[0]) or (best[0] in _company_only() and (
            len(word) < MIN_COMPANY_FIX_LENGTH or Levenshtein.distance(word, best[0]) > 1))):
        return word  # "personal" is a word of its own, not "persona" mistyped; "eléctrica" no "electrónica"
    return best[0] if best else word


APOSTROPHES = ("'", "’", "´")


def _dropped_s(raw: str, token: Token) -> str:
    """Coastal speech writes the lost final s as an apostrophe: "lo' chorizo", "eso e' todo",
    "do' bolsa" are "los", "es", "dos" ("pa'" is "para", read as "pa")."""
    word = token.text
    if raw[token.end:token.end + 1] in APOSTROPHES and word.isalpha() and word[-1] in "aeo" and word != "pa":
        return word + "s"
    return word


def _coastal(words: list[str]) -> tuple[str, ...]:
    """"costilla e cerdo", "bolsa e hielo": between two words, an "e" that is not the "y" written before
    an i sound ("agujas e hilos") is the coastal "de"."""
    for i in range(1, len(words) - 1):
        before, after = words[i - 1], words[i + 1]
        if words[i] == "e" and before.isalpha() and before not in ("y", "o", "e") and after.isalpha() \
                and not (after.startswith("i") or (after.startswith("hi") and not after.startswith("hie"))):
            words[i] = "de"
    for i, word in enumerate(words[:-1]):
        if word == "i" and (words[i + 1] in lexicon.words("article") or words[i + 1].isdigit()
                            or words[i + 1] in lexicon.table("numbers.units")):
            words[i] = "y"  # "i un pan d kezo x6": the "y" written as it sounds
    return tuple(words)


def _square_metres(words: list[str]) -> list[str]:
    """"30 m2", "30 mts2" (split as "30 m 2"): the "30 metros cuadrados" customers also write."""
    metre = lexicon.values("measure_same", "metre")
    for i in range(1, len(words) - 1):
        if words[i] in metre and words[i + 1] == "2" and words[i - 1][:1].isdigit():
            words[i:i + 2] = ["metros", "cuadrados"]
    return words


def _letter_of_a_name(words: list[str], i: int) -> bool:
    """"la vitamina d", "pilas tamaño d, porfa": a lone letter after a word, ending the request, is part
    of its name, not the "de" chats write as "d" (that one always has a word after it)."""
    following = words[i + 1] if i + 1 < len(words) else None
    return len(words[i]) == 1 and i > 0 and len(words[i - 1]) > 2 and words[i - 1].isalpha() \
        and (following is None or following in ("y", "por", "porfa", "pues", "gracias"))


class Message:
    def __init__(self, raw: str, keeps: Callable[[str], bool] | None = None):
        """`keeps(word)`: the word is the shop's own (its catalogue has it), never a typo to fix."""
        self.raw = raw or ""
        self.keeps = keeps
        self.tokens: tuple[Token, ...] = tuple(_tokens(self.raw))
        short = lexicon.abbreviations()

        def read(word: str) -> str:
            fixed = short.get(word) or corrected(word)
            return word if fixed != word and word not in short and keeps is not None and keeps(word) else fixed

        said = [_dropped_s(self.raw, t) for t in self.tokens]
        self.words: tuple[str, ...] = _coastal(_square_metres([
            word if _letter_of_a_name(said, i) else read(word) for i, word in enumerate(said)]))
        self.norm = " ".join(self.words)
        self._found: dict[str, list[tuple[int, int]]] = {}

    def __repr__(self) -> str:
        return f"<Message {self.raw!r}>"

    # --- word classes -------------------------------------------------------------------

    def find(self, name: str) -> list[tuple[int, int]]:
        """(start, end) token ranges where a phrase of the class occurs, left to right, not overlapping."""
        if name not in self._found:
            self._found[name] = _find(self.words, lexicon.phrases(name), self.verb_positions(name))
        return self._found[name]

    def has(self, name: str) -> bool:
        return bool(self.find(name))

    def has_any(self, *names: str) -> bool:
        return any(self.has(n) for n in names)

    def verb_positions(self, name: str) -> list[int]:
        verbs = lexicon.lemmas(name)
        return [i for i, lemma in enumerate(self.lemmas) if lemma in verbs] if verbs else []

    @cached_property
    def lemmas(self) -> tuple[str | None, ...]:
        """The lexicon verb each token is a form of (None for everything else: "de" is never "dé")."""
        excluded = set().union(*(lexicon.words(n) for n in NOT_VERBS))
        return tuple(None if w in FUNCTION_WORDS or (w in excluded and not self._to_me(i)) or self._after_noun_lead(i)
                     or self._noun_after_de(i) or self._describes(i) or self._someone_did(i) or self._customer_sends(i)
                     else lemmas.lemma(w) for i, w in enumerate(self.words))

    def _customer_sends(self, i: int) -> bool:
        """"¿puedo mandar las joyas con el trasteo?": a verb of sending after "puedo" is what the
        customer would do, never goods sent to the customer."""
        return i > 0 and self.words[i - 1] in lexicon.words("i_may") \
            and lemmas.lemma(self.words[i]) in lexicon.lemmas("sending")

    def _someone_did(self, i: int) -> bool:
        """"me lo pidió de navidad", "se la compró": what someone did with the thing just named, never a
        request (the accented "-ó" / "-ió" of the past, or "pidio" of an -er / -ir verb written without
        it, after a pronoun; "la profesora pidió 3 polleras" relays an order)."""
        if len(self.tokens) != len(self.words) or not i or self.words[i - 1] not in lexicon.words("pronoun.object"):
            return False
        token = self.tokens[i]
        written = self.raw[token.start:token.end].lower()
        if len(written) > 3 and written.endswith("ó"):
            return True
        word = self.words[i]
        return len(word) > 4 and word.endswith("io") and (lemmas.lemma(word) or "").endswith(("er", "ir"))

    def _describes(self, i: int) -> bool:
        """"el juego completo", "¿la caja trae cuántas?": a form that is also an adjective, or says what a
        product comes with, is a verb only where a request starts ("y complete con 2 libras de …", "me
        trae 2 cajas")."""
        if self.words[i] in lexicon.words("holds_forms") and i > 0 and len(self.tokens) == len(self.words) \
                and "?" in self.raw[self.tokens[i].end:] and self.words[i - 1] not in lexicon.words("pronoun.clitic"):
            return True  # "cuánto el plan mensual, ¿incluye certificado?": asked what it comes with
        return self.words[i] in lexicon.words("adjective_forms") | lexicon.words("holds_forms") and i > 0 \
            and not self._break_before(i) and self.words[i - 1] not in CLAUSE_LEADS

    def _noun_after_de(self, i: int) -> bool:
        return i > 0 and noun_after_de(self.words[i - 1], self.words[i])

    def _after_noun_lead(self, i: int) -> bool:
        """"2 velas", "una vela", "el pase": after a number or a determiner a word is a noun, never a
        verb with a pronoun attached ("ve" + "las")."""
        return i > 0 and (leads_a_noun(self.words[i - 1]) or self._asked_of_the(i) or self._ordered_the(i)) \
            and not self._break_before(i)

    def _ordered_the(self, i: int) -> bool:
        """"quiero la matrícula", "necesito las matrículas": after a verb of wanting and "la" / "las" / "los"
        comes the thing (not "matricular" with its pronoun: "quiero la" is never "I want her")."""
        return i > 1 and self.words[i - 1] in lexicon.words("article") \
            and lemmas.lemma(self.words[i - 2]) in lexicon.lemmas("buy")

    def _asked_of_the(self, i: int) -> bool:
        """"¿y la carga entera de redonda?": in a question that starts "y la …", "y los …", the word after the
        article is the thing asked about (not "cargar" with its pronoun)."""
        return i == 2 and self.words[0] == "y" and self.words[1] in lexicon.words("article") and "?" in self.raw

    def _break_before(self, i: int) -> bool:
        """A comma or stop between token i - 1 and token i ("… el de él, cancela eso")."""
        if len(self.tokens) != len(self.words):
            return False
        return bool(re.search(r"[,.;:!?]", self.raw[self.tokens[i - 1].end:self.tokens[i].start]))

    def after_its_letter(self, i: int) -> bool:
        """"ya tengo A2 de francés", "el B1": a number written against one letter before it is a level or a
        grade, never a count."""
        if not 0 < i < len(self.words) or len(self.tokens) != len(self.words):
            return False
        before = self.words[i - 1]
        return len(before) == 1 and before.isalpha() and self.tokens[i - 1].end == self.tokens[i].start

    def _to_me(self, i: int) -> bool:
        """"me mandan 2 cloros", "mándenme": a shop word used as a verb the speaker receives."""
        return (i > 0 and self.words[i - 1] == "me") or lemmas.has_object_me(self.words[i])

    def lemma_set(self) -> set[str]:
        return {lemma for lemma in self.lemmas if lemma}

    # --- shape ----------------------------------------------------------------------------

    @cached_property
    def is_question(self) -> bool:
        asked = self.raw[:tag.start()] if (tag := _question_tag().search(fold(self.raw))) else self.raw
        if "?" in asked or "¿" in asked:
            return True
        greeted = self.find("greeting")[:1]
        aside = lexicon.words("vocative") | lexicon.words("filler")
        courtesy = [start for start, _ in self.find("courtesy_opening")[:1]] == [0] or (
            greeted and greeted[0][0] == 0 and len(self.clause_words) > 1
            and all(w in aside for w in self.clause_words[0][0][greeted[0][1]:]))
        # "qué pena, me vende …", "qué hubo, un vibrador …", "qué más pues, queremos …"
        # (but "¿qué tal es la olla?" asks)
        return bool(self.words) and ((self.words[0] in lexicon.words("question") and not courtesy)
                                     or self._asked_last()
                                     or (self.find("follow_up")[:1] == [(0, 2)] and len(self.words) <= 4)
                                     or tuple(self.words[:2]) in ASKED_AFTER_A_PREPOSITION
                                     or self.has("indirect_question")
                                     or any(start == 0 for start, _ in self.find("yes_no_opening")))

    def _asked_last(self) -> bool:
        """"el tv de 50 más barato cuál es", "la de 20 litros cuánto vale": the question said at the end."""
        asking, last = lexicon.words("question"), self.words[-2:]
        if any(end == len(self.words) for _, end in self.find("filler")):
            return False  # "mejor mándeme 2 por si acaso": a filler's last word ("acaso") asks nothing
        return (len(last) == 2 and last[0] in asking and last[1] in lexicon.words("asked_at_end")) or (
            len(self.words) > 2 and last[-1] in asking - lexicon.words("asked_at_end.not_alone")
            and last[0] not in lexicon.words("not_knowing"))  # (not "no sé cuál")

    @cached_property
    def adds_named(self) -> bool:
        """"y la piñata de dinosaurio" (no question mark, a product named in full): one more thing
        for the order, not the "¿y la negra?" that asks about a sibling."""
        return len(self.words) > 4 and not self.is_question and self.find("follow_up")[:1] == [(0, 2)]

    @cached_property
    def clause_words(self) -> list[tuple[list[str], list[str | None]]]:
        """(words, verb lemmas) of each clause, words corrected as in `words`."""
        index = {id(t): i for i, t in enumerate(self.tokens)}
        return [([self.words[index[id(t)]] for t in clause], [self.lemmas[index[id(t)]] for t in clause])
                for clause in self.clauses]

    @cached_property
    def clauses(self) -> list[list[Token]]:
        """Tokens split at punctuation (commas between words, semicolons, line breaks, ?, !)."""
        result, start = [], 0
        for match in [*CLAUSE_BREAK.finditer(self.raw), None]:
            end = match.start() if match else len(self.raw)
            part = [t for t in self.tokens if start <= t.start and t.end <= end]
            if part:
                result.extend(self._fronted(part))
            start = match.end() if match else end
        return result

    def _fronted(self, part: list[Token]) -> list[list[Token]]:
        """"del jabón de propóleo de 100 g deme 5": what is wanted said first, then the verb and the
        count, as if a comma stood before the verb."""
        index = {id(t): i for i, t in enumerate(self.tokens)}
        at = [index[id(t)] for t in part]
        words = [self.words[i] for i in at]
        if words[:1] not in (["de"], ["del"], ["el"], ["la"]):  # ("el termo de litro mandame 2")
            return [part]
        from .numbers import parse_number_at
        ordering = lexicon.lemmas("buy") | lexicon.lemmas("add_verbs")
        for k in range(2, len(words) - 1):
            parsed = parse_number_at(words, k + 1)
            if self.lemmas[at[k]] in ordering and parsed is not None and parsed[1] == len(words):
                return [part[:k], part[k:]]
        return [part]

    def written(self, phrase: str) -> str:
        """A phrase of folded words as the customer wrote it ("vestidos bano" → "vestidos de baño"):
        the raw text from its first word to its last; the phrase itself when not found."""
        words = phrase.split()
        texts = [t.text for t in self.tokens]
        if not words or words[0] not in texts:
            return phrase
        first = texts.index(words[0])
        last = next((k for k in range(len(texts) - 1, first - 1, -1) if texts[k] == words[-1]), None)
        return self.text_between(first, last + 1) if last is not None and last - first < 2 * len(words) + 2 \
            else phrase

    def text_between(self, first: int, last: int) -> str:
        """The raw text of tokens first..last-1 (case and accents as written)."""
        if first >= last or first >= len(self.tokens):
            return ""
        return self.raw[self.tokens[first].start:self.tokens[min(last, len(self.tokens)) - 1].end]


def _find(words: tuple[str, ...], phrases, verb_positions: list[int]) -> list[tuple[int, int]]:
    found = []
    taken: set[int] = set()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    for i, word in enumerate(words):
        if i in taken:
            continue
        for phrase in by_first.get(word, ()):
            if words[i:i + len(phrase)] == phrase:
                found.append((i, i + len(phrase)))
                taken.update(range(i, i + len(phrase)))
                break
    for i in verb_positions:
        if i not in taken:
            found.append((i, i + 1))
    return sorted(found)


def message_of(text: "str | Message") -> Message:
    return text if isinstance(text, Message) else Message(text)
