"""The section classifier as a scikit-learn estimator (training and exact inference).

Kept apart from :mod:`textkit.classify` so that labelling documents never imports
scikit-learn: the pipeline uses the :class:`~textkit.classify.CompiledModel` made from a
fitted :class:`SectionClassifier` (same probabilities, numpy only).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from .classify import FEATURE_COLUMNS, LABELS, _numeric_features, _prep, jieba_tokenize


class SectionClassifier(ClassifierMixin, BaseEstimator):
    """Label a section from its heading, the opening of its body and its position.

    ``X`` is a DataFrame with columns heading, body, position (0..1, start of the section in the
    document), level (1 = top level) and optionally index (ordinal among its siblings, 0-based)
    and n_sections (top-level sections of the document); ``y`` holds labels from :data:`LABELS`.

    Features: TF-IDF over heading characters (1-3-grams) and heading jieba words, TF-IDF over
    body jieba words and body character 2-3-grams (first ``body_chars`` characters), and the
    dense position block; a multinomial logistic regression, optionally wrapped in
    ``CalibratedClassifierCV`` (``calibration`` = ``"sigmoid"`` or ``"isotonic"``).

    >>> import pandas as pd
    >>> X = pd.DataFrame({"heading": ["存在的问题"], "body": ["一是……"], "position": [0.7], "level": [1]})
    >>> SectionClassifier().get_params()["C"]
    100.0
    """

    def __init__(
        self,
        *,
        C: float = 100.0,
        heading_weight: float = 1.5,
        body_weight: float = 1.0,
        position_weight: float = 1.0,
        body_chars: int = 300,
        calibration: str = "none",
        class_weight: str | None = "balanced",
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.heading_weight = heading_weight
        self.body_weight = body_weight
        self.position_weight = position_weight
        self.body_chars = body_chars
        self.calibration = calibration
        self.class_weight = class_weight
        self.random_state = random_state

    # -- helpers -------------------------------------------------------------------------
    def _texts(self, X: Any) -> tuple[list[str], list[str]]:
        _check_frame(X)
        heads = [_prep(str(h or "")) for h in X["heading"]]
        bodies = [_prep(str(b or "")[: self.body_chars]) for b in X["body"]]
        return heads, bodies

    def _matrix(self, X: Any) -> Any:
        from scipy import sparse

        heads, bodies = self._texts(X)
        blocks = [
            self.heading_weight * self.head_char_.transform(heads),
            self.heading_weight * self.head_word_.transform(heads),
            self.body_weight * self.body_word_.transform(bodies),
            self.body_weight * self.body_char_.transform(bodies),
            sparse.csr_matrix(self.position_weight * _numeric_features(X)),
        ]
        return sparse.hstack(blocks, format="csr")

    # -- estimator API -------------------------------------------------------------------
    def fit(self, X: Any, y: Any) -> SectionClassifier:
        """Learn the vectorisers and the classifier from sections ``X`` and labels ``y``."""
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        if self.calibration not in ("none", "sigmoid", "isotonic"):
            raise ValueError(f"calibration must be 'none', 'sigmoid' or 'isotonic', not {self.calibration!r}")
        y = np.asarray(y, dtype=object)
        if len(y) != len(X):
            raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
        unknown = sorted(set(y) - set(LABELS))
        if unknown:
            raise ValueError(f"unknown labels {unknown}; expected labels from LABELS")
        heads, bodies = self._texts(X)
        self.head_char_ = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, lowercase=False)
        self.head_word_ = TfidfVectorizer(tokenizer=jieba_tokenize, token_pattern=None, lowercase=False,
                                          ngram_range=(1, 2), sublinear_tf=True)
        self.body_word_ = TfidfVectorizer(tokenizer=jieba_tokenize, token_pattern=None, lowercase=False,
                                          sublinear_tf=True, min_df=2)
        self.body_char_ = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True,
                                          lowercase=False, min_df=2, max_features=20000)
        for vec, docs in ((self.head_char_, heads), (self.head_word_, heads),
                          (self.body_word_, bodies), (self.body_char_, bodies)):
            vec.fit(docs)
            vec.stop_words_ = None  # only an introspection aid; it can be large
        M = self._matrix(X)
        base = LogisticRegression(C=self.C, max_iter=3000, class_weight=self.class_weight)
        if self.calibration == "none":
            self.model_ = base.fit(M, y)
        else:
            from sklearn.model_selection import StratifiedKFold

            counts = np.unique(y, return_counts=True)[1]
            cv = StratifiedKFold(n_splits=max(2, min(3, int(counts.min()))), shuffle=True,
                                 random_state=self.random_state)
            self.model_ = CalibratedClassifierCV(base, method=self.calibration, cv=cv).fit(M, y)
        self.classes_ = np.asarray(self.model_.classes_)
        self.n_features_in_ = len(FEATURE_COLUMNS)
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Probability of each label in :attr:`classes_` order (rows sum to 1)."""
        check_is_fitted(self)
        return self.model_.predict_proba(self._matrix(X))

    def predict(self, X: Any) -> np.ndarray:
        """The most probable label of each section."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _check_frame(X: Any) -> None:
    missing = [c for c in FEATURE_COLUMNS if c not in getattr(X, "columns", ())]
    if missing:
        raise ValueError(f"X must be a DataFrame with columns {list(FEATURE_COLUMNS)}; missing {missing}")
