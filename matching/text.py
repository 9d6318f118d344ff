"""Text vectors for the text component: TF-IDF over a city's corpus, reduced by LSA to a few dimensions.

Pure: texts in, arrays out. Fitted on projects' descriptions and companies' CSR statements together, so
both sides share one space; deterministic (fixed random state), and usable on a corpus of three texts.
"""

from collections.abc import Sequence

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

DIMENSIONS = 16


def _words(text: str) -> list[str]:
    return text.split()


# Written after accent stripping and lower-casing, as the vectorizer compares them.
ITALIAN_STOP_WORDS = _words("""
a ad agli ai al alla alle allo anche avere c che chi ci come con contro cui da dagli dai dal dalla dalle
dallo degli dei del della delle dello di dove e ed gli ha hanno ho i il in io l la le lei li lo loro lui ma
mi ne negli nei nel nella nelle nello noi non o per perche piu poi quale quali quando quanto quella quelle
quelli quello questa queste questi questo se sei si sia siamo siete sono su sua sue sugli sui sul sulla
sulle sullo suo suoi tra tu tua tue tuo tuoi un una uno vi voi essere e stato stata stati fare fa ogni
nostro nostra nostri nostre vostro vostra loro cosi gia molto tutto tutti tutte tutta dell all nell sull
dall quest anno anni
""")
ENGLISH_STOP_WORDS = _words("""
a about after all also an and any are as at be been being both but by can could do does for from had has
have he her his how i if in into is it its more most no not of on or our out over she so some such than
that the their them then there these they this those through to under up us was we were what when where
which while who will with would you your
""")
STOP_WORDS = sorted(set(ITALIAN_STOP_WORDS) | set(ENGLISH_STOP_WORDS))


def text_vectors(documents: Sequence[str], *, dimensions: int = DIMENSIONS) -> np.ndarray:
    """One L2-normalised float32 row per document (zero for a document with no meaningful word)."""
    vectors = np.zeros((len(documents), dimensions), dtype=np.float32)
    if not documents:
        return vectors
    vectorizer = TfidfVectorizer(
        strip_accents="unicode",
        lowercase=True,
        sublinear_tf=True,
        stop_words=STOP_WORDS,
        ngram_range=(1, 2),
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        max_features=100_000,
        dtype=np.float32,
    )
    try:
        tfidf = vectorizer.fit_transform(documents)
    except ValueError:  # no word left after stop words: every vector stays zero
        return vectors
    features = tfidf.shape[1]
    if features <= dimensions:
        # Too small a vocabulary to reduce: the TF-IDF space itself, padded with zeros.
        reduced = tfidf.toarray()
    else:
        svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=7, random_state=0)
        reduced = svd.fit_transform(tfidf)
    vectors[:, : reduced.shape[1]] = reduced
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors
