"""Text vectors: related texts are close, in Italian and in English; tiny corpora and empty texts work."""

import numpy as np

from matching.text import DIMENSIONS, text_vectors

GREENING = "Verde urbano in periferia: piantiamo alberi e curiamo orti condivisi nel cortile della scuola."
TUTORING = "Doposcuola per ragazzi delle medie: aiuto compiti, tutoring e laboratori di lettura."
COMPANY = "Il nostro impegno CSR: verde urbano, alberi, orti."


def test_a_statement_about_greening_is_closer_to_a_greening_project_than_to_tutoring() -> None:
    company, greening, tutoring = text_vectors([COMPANY, GREENING, TUTORING])
    assert company @ greening > company @ tutoring


def test_english_texts_work_too() -> None:
    company, greening, tutoring = text_vectors([
        "We care about urban greening: trees and community gardens.",
        "Planting trees and building community gardens in the courtyard.",
        "After-school tutoring and homework help for teenagers.",
    ])  # fmt: skip
    assert company @ greening > company @ tutoring


def test_rows_are_unit_length_or_zero_and_padded_to_the_dimensions() -> None:
    vectors = text_vectors([COMPANY, "", "il e la", GREENING])
    assert vectors.shape == (4, DIMENSIONS) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    assert np.allclose(norms[[0, 3]], 1) and np.allclose(norms[[1, 2]], 0)


def test_the_vectors_are_deterministic() -> None:
    corpus = [GREENING, TUTORING, COMPANY] * 10 + [f"progetto numero {word}" for word in "abcdefghij"]
    assert np.array_equal(text_vectors(corpus), text_vectors(corpus))


def test_an_empty_corpus_gives_no_rows() -> None:
    assert text_vectors([]).shape == (0, DIMENSIONS)
    assert not text_vectors(["", "e"]).any()
