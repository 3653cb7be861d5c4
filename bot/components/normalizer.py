"""Vietnamese tokenizer: whitespace tokens whose text is normalised, offsets kept.

This component *is* the pipeline's tokenizer (it replaces WhitespaceTokenizer,
which it extends). It splits the original message exactly as
WhitespaceTokenizer does, then rewrites each token's text and lemma with
`vntext.normalize_words`, the normaliser the knowledge layer uses too: lower
case, repeats collapsed, chat shorthand and regional words read on the word as
typed and in context ("bị hỏng" stays damaged, "đc hông" is "được không"),
diacritics folded.

Why not a normaliser that rewrites ``message.text`` before tokenization: the
entity annotations in the training data, and the values DIET extracts, are
character spans of the message text. Expanding "đc" to "duoc" changes its
length, so every span after it would be off. Keeping the text and changing
only token texts leaves ``token.start``/``token.end`` on the original message:
the featurizers see "duoc", while an extracted entity is still sliced from what
the citizen typed ("sổ đỏ", "0912 345 678"). RegexFeaturizer matches its
patterns on the original text too, so regexes and lookup tables list both
accented and unaccented forms.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

import vntext


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class VietnameseTokenizer(WhitespaceTokenizer):
    """Whitespace tokenizer whose tokens carry normalised Vietnamese text."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        """Creates the component (no state to load)."""
        return cls(config)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The normaliser's code: Rasa's training cache keys on this class's source only,
        so a change to vntext must change the fingerprint to retrain."""
        return vntext.fingerprint()

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize like WhitespaceTokenizer, then normalise each token in context."""
        tokens = super().tokenize(message, attribute)
        texts = vntext.normalize_words([token.text for token in tokens])
        return [with_text(token, text) for token, text in zip(tokens, texts, strict=True)]


def with_text(token: Token, text: str) -> Token:
    """A copy of the token with `text` as text and lemma, and the same offsets."""
    return Token(text, token.start, token.end, data=dict(token.data), lemma=text)
