"""Verbs in any form: tú, usted, ustedes and voseo, with pronouns attached, or misspelt.

"tráigame" → traer, "páseme" → pasar, "mándenme" → mandar, "mostrame" → mostrar,
"agregá" → agregar, "nesesito" → necesitar, "kiero" → querer.

The forms come from simplemma's Spanish dictionary, kept only for the verbs the lexicon
lists (a few thousand forms; the 90 MB dictionary is dropped once read). Attached pronouns
("me", "lo", "selo", …) are stripped before looking a word up; a word not found is tried by
sound (c/s/z, qu/k, b/v, ll/y, silent h) so common misspellings still read as the verb.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

from .. import lexicon
from ...services.text import fold, sound

CLITICS = tuple(sorted(lexicon.words("pronoun.clitic")))
PARTICIPLE = re.compile(r"(?:ad|id)(?:o|a|os|as)$")  # "pedido", "separada": nouns and adjectives here
MIN_SOUND_LENGTH = 5
VERB_FORMS = 6  # forms a lemma has in the dictionary to count as a verb ("collar" has one: "collares")
SHORT_BASES = ("da", "de", "di")  # "dame", "deme", "dile"; "vela" is a candle, not "ve" + "la"

_lock = threading.Lock()
_index: dict[str, dict[str, str]] | None = None


def _build() -> dict[str, dict[str, str]]:
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    verbs = lexicon.all_verbs()
    wanted = verbs | lexicon.all_verbs(folded=False)
    forms: dict[str, str] = {}
    sounds: dict[str, set[str]] = {}
    conjugated: dict[str, int] = {}
    dictionary = DefaultDictionaryFactory(cache_max_size=0).get_dictionary("es")
    for form, lemma in dictionary.items():
        if lemma.endswith(("ar", "er", "ir")):
            conjugated[lemma] = conjugated.get(lemma, 0) + 1
        if lemma not in wanted:
            continue
        lemma = fold(lemma)
        form = fold(form)
        if not form.isalpha() or PARTICIPLE.search(form):
            continue
        forms.setdefault(form, lemma)
    for verb in verbs:  # the infinitive itself, even if the dictionary lacks it
        forms.setdefault(verb, verb)
    forms.update(lexicon.forms())  # forms the dictionary reads as something else ("muestra")
    for form, lemma in forms.items():
        if len(form) >= MIN_SOUND_LENGTH:
            sounds.setdefault(sound(form), set()).add(lemma)
    infinitives = {fold(v) for v, n in conjugated.items() if n >= VERB_FORMS}
    return {"forms": forms, "sounds": {k: next(iter(v)) for k, v in sounds.items() if len(v) == 1},
            "infinitives": infinitives}


def index() -> dict[str, dict[str, str]]:
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                _index = _build()
    return _index


def warm() -> None:
    """Build the verb index now (a worker calls this before its first chat turn)."""
    index()


def without_clitics(word: str) -> list[str]:
    """The word, then without one or two attached pronouns ("tráigamelo" → "traigame", "traiga")."""
    candidates = [word]
    current = word
    for _ in range(2):
        for clitic in sorted(CLITICS, key=len, reverse=True):
            base = current[:-len(clitic)]
            if current.endswith(clitic) and (len(base) >= 3 or base in SHORT_BASES):
                current = current[:-len(clitic)]
                candidates.append(current)
                break
        else:
            break
    return candidates


@lru_cache(maxsize=16384)
def lemma(word: str) -> str | None:
    """The lexicon verb a folded word is a form of, or None."""
    if not word.isalpha() or len(word) < 2:
        return None
    data = index()
    forms = data["forms"]
    candidates = without_clitics(word)
    for candidate in candidates:
        if candidate in forms:
            return forms[candidate]
    if len(word) >= MIN_SOUND_LENGTH:
        for candidate in candidates:
            if len(candidate) >= MIN_SOUND_LENGTH - 1:
                found = data["sounds"].get(sound(candidate))
                if found:
                    return found
    return None


@lru_cache(maxsize=4096)
def first_person(word: str) -> bool:
    """A verb said of oneself ("estoy", "voy", "tengo", "vamos"): the customer telling about them."""
    if not word.isalpha() or len(word) < 2 or not word.endswith(("o", "oy", "amos", "emos", "imos")):
        return False
    import simplemma
    base = simplemma.lemmatize(word, lang="es")
    return base != word and is_infinitive(base)


@lru_cache(maxsize=4096)
def told_done(word: str) -> bool:
    """A form that tells what was done or what one has, never a request: the past said of others
    ("valoraron", "hicieron"), the speaker's own past ("hice", "traje") or present ("traigo",
    "tengo")."""
    if not word.isalpha() or len(word) < 3:
        return False
    import simplemma
    base = simplemma.lemmatize(word, lang="es")
    if base == word or not is_infinitive(base):
        return False
    return word.endswith(("aron", "ieron")) or first_person(word) \
        or (word.endswith("e") and not base.endswith("ar") and infinitive_of(word) is None)


def is_infinitive(word: str) -> bool:
    """Any Spanish verb's infinitive ("decorar", "hornear"): a lemma the dictionary conjugates; a
    noun that ends so ("collar", "hogar") has only its plural."""
    return word in index()["infinitives"]


PRESENT_ENDINGS = (("amos", "ar"), ("emos", "er"), ("imos", "ir"), ("an", "ar"), ("en", "er"), ("en", "ir"),
                   ("as", "ar"), ("es", "er"), ("es", "ir"), ("a", "ar"), ("e", "er"), ("e", "ir"))
COMMAND_ENDINGS = (("e", "ar"), ("en", "ar"), ("a", "er"), ("a", "ir"), ("an", "er"), ("an", "ir"))
# ("grábele", "instálenmela", "envuélvamelo": usted, ustedes, a pronoun after)


def infinitive_with_clitics(word: str) -> str | None:
    """`infinitive_of` after attached pronouns are dropped ("tostármelo" → tostar)."""
    found = next((verb for candidate in without_clitics(word) if (verb := infinitive_of(candidate))), None)
    if found:
        return found
    for candidate in without_clitics(word)[1:]:  # a pronoun was attached: a command ("grábele" → grabar)
        for ending, replacement in COMMAND_ENDINGS:
            root = candidate[:-len(ending)]
            if candidate.endswith(ending):
                roots = [root] + [root[:-len(said)] + written for said, written in SPELLING_CHANGES
                                  if root.endswith(said) and not word.endswith("te")]
                # ("péguenle" → pegar, "enmárqueme" → enmarcar; "tiquete", "paquete" are no "te" attached)
                for verb in (r + replacement for r in roots):
                    if is_infinitive(verb):
                        return verb
                for verb in _unchanged(root, replacement):
                    if is_infinitive(verb):
                        return verb
    return None


def infinitive_of(word: str) -> str | None:
    """The infinitive of a verb said in the infinitive or the present ("arman" → armar, "afinar"):
    any Spanish verb, not only the lexicon's."""
    if is_infinitive(word):
        return word
    for ending, replacement in PRESENT_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            root = word[:-len(ending)]
            for candidate in (root + replacement, *(_unchanged(root, replacement))):
                if is_infinitive(candidate):
                    return candidate
    return None


STEM_CHANGES = (("ue", "o"), ("ie", "e"), ("i", "e"))  # "envuelve" → envolver, "cierra" → cerrar, "sirve" → servir


def _unchanged(root: str, ending: str) -> list[str]:
    """The infinitive a stem-changing present comes from: its last "ue" / "ie" / "i" back to "o" / "e"."""
    found = []
    for changed, plain in STEM_CHANGES:
        at = root.rfind(changed)
        if at > 0:
            found.append(root[:at] + plain + root[at + len(changed):] + ending)
    return found


def _alternatives(words: set[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


ATTACHED = re.compile(rf"^[a-z]{{3,}}?[aeiou](?P<to>{_alternatives(lexicon.words('pronoun.indirect') | lexicon.words('pronoun.reflexive'))})?"
                      rf"(?P<what>{_alternatives(lexicon.words('pronoun.object'))})?$")


def attached_pronouns(word: str) -> tuple[str | None, str | None]:
    """The pronouns attached after a command's vowel: to whom and what ("instálemelo" → me, lo; "grábele"
    → le, None; "ármela" → None, la); (None, None) when none is."""
    found = ATTACHED.match(word)
    return (found["to"], found["what"]) if found else (None, None)


def has_object_me(word: str) -> bool:
    """"véndame", "vendeme", "consígame": a verb with "me" attached (the speaker receives)."""
    return any(c != word and word[len(c):].startswith("me") for c in without_clitics(word)[1:2])


def verb_for_me(word: str) -> str | None:
    """The infinitive of any Spanish verb said with "me" attached ("cortame", "córteme", "mídame"
    → cortar, cortar, medir): what the customer asks the shop to do for them."""
    if not has_object_me(word):
        return None
    base = without_clitics(word)[1]
    found = infinitive_of(base)
    if found is None and len(base) > 2:  # the usted form: "corte" → cortar, "venda" → vender
        stems = [base[:-1]] + [base[:-1 - len(said)] + written for said, written in SPELLING_CHANGES
                               if base[:-1].endswith(said)]  # "recója" → recoger, "sáque" → sacar
        endings = ("ar",) if base.endswith("e") else ("er", "ir")
        found = next((stem_ + e for stem_ in stems for e in endings if is_infinitive(stem_ + e)), None)
    return found


SPELLING_CHANGES = (("j", "g"), ("qu", "c"), ("gu", "g"), ("c", "z"))  # the stem's sound kept before e/a
