"""Forms for taking part: suggestions, discussion, decisions, comments and replies."""

from __future__ import annotations

from django import forms

from ldsp.core.formfields import text_field, whole_number_field
from ldsp.core.limits import BODY_MAX, MESSAGE_MAX, NAME_MAX, QUOTE_MAX, ROW_ID_MAX


def _version_field(**kwargs: object) -> forms.IntegerField:
    """The hidden row id of the revision the person was reading."""
    return whole_number_field(
        noun="The version you started from",
        min_value=1,
        max_value=ROW_ID_MAX,
        widget=forms.HiddenInput,
        **kwargs,
    )


class SuggestionForm(forms.Form):
    """Propose new text for the whole section."""

    title = text_field(
        noun="The title",
        max_length=NAME_MAX,
        label="Title",
        error_messages={"required": "Enter a title"},
    )
    body = text_field(
        noun="Your version of the text",
        max_length=BODY_MAX,
        label="Your version of the text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text="Change the text as you would like it to read.",
    )
    rationale = text_field(
        noun="Your reason",
        max_length=MESSAGE_MAX,
        label="Why do you suggest this change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Editors read this when they decide. Say what it improves, and how you know.",
        error_messages={"required": "Explain why you suggest this change"},
    )
    base_revision = _version_field()


class PassageSuggestionForm(forms.Form):
    """Replace one paragraph of the section (the keyboard-friendly way to pick a passage)."""

    paragraph = forms.TypedChoiceField(
        label="Which paragraph do you want to change?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the paragraph you want to change"},
    )
    replacement = text_field(
        noun="Your version of the paragraph",
        max_length=BODY_MAX,
        label="Your version of that paragraph",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        help_text="This starts as the paragraph’s current text, in Markdown. Change it as "
        "you would like it to read.",
        error_messages={"required": "Enter your version of the paragraph"},
    )
    rationale = text_field(
        noun="Your reason",
        max_length=MESSAGE_MAX,
        label="Why do you suggest this change?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you suggest this change"},
    )
    base_revision = _version_field()

    def __init__(self, *args: object, paragraphs: list[str], **kwargs: object) -> None:
        """``paragraphs``: a label for each paragraph that tells it from the others."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["paragraph"].choices = list(enumerate(paragraphs))  # type: ignore[attr-defined]


class MessageForm(forms.Form):
    body = text_field(
        noun="Your message",
        max_length=MESSAGE_MAX,
        label="Add to the discussion",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your message"},
    )


EDITORS_RESPONSE_HINT = (
    "The author and the people following this section are sent this, and it is shown "
    "on the suggestion and as the editors’ response in the “You said, we did” report."
)


class AcceptForm(forms.Form):
    """Confirm accepting a suggestion, with the editors' response to it."""

    response = text_field(
        noun="The editors’ response",
        max_length=MESSAGE_MAX,
        label="Editors’ response (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        help_text=EDITORS_RESPONSE_HINT,
    )


class RejectForm(forms.Form):
    reason = text_field(
        noun="The reason",
        max_length=MESSAGE_MAX,
        label="Why is it not being accepted?",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        help_text=EDITORS_RESPONSE_HINT,
        error_messages={"required": "Give a reason: the author will see it"},
    )


class CommentForm(forms.Form):
    """Comment on one paragraph (or a quoted passage within it)."""

    paragraph = forms.TypedChoiceField(
        label="Which passage are you commenting on?",
        coerce=int,
        widget=forms.Select,
        error_messages={"required": "Choose the passage you are commenting on"},
    )
    quote = text_field(
        noun="The words you are commenting on",
        max_length=QUOTE_MAX,
        label="The words you are commenting on (optional)",
        required=False,
        help_text="Copy a few words from the paragraph to comment on just those.",
    )
    body = text_field(
        noun="Your comment",
        max_length=MESSAGE_MAX,
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )
    revision = _version_field()

    def __init__(self, *args: object, paragraphs: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["paragraph"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a paragraph"),
            *[
                (index, text if len(text) <= 90 else text[:87] + "…")
                for index, text in enumerate(paragraphs)
            ],
        ]


class ReplyForm(forms.Form):
    body = text_field(
        noun="Your reply",
        max_length=MESSAGE_MAX,
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your reply"},
    )


class HideForm(forms.Form):
    reason = text_field(
        noun="The reason",
        max_length=MESSAGE_MAX,
        label="Why hide this comment?",
        help_text="Kept in the audit log. Staff can see it.",
        error_messages={"required": "Give a reason for hiding the comment"},
    )
