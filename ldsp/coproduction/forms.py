"""Forms for taking part: suggestions, discussion, decisions, comments and replies."""

from __future__ import annotations

from django import forms


class SuggestionForm(forms.Form):
    """Propose new text for the whole section."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "Keep the title under 200 characters",
        },
    )
    body = forms.CharField(
        label="Your version of the text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        help_text="Change the text as you would like it to read.",
    )
    rationale = forms.CharField(
        label="Why do you suggest this change?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Editors read this when they decide. Say what it improves, and how you know.",
        error_messages={"required": "Explain why you suggest this change"},
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, max_value=999_999_999)


class PassageSuggestionForm(forms.Form):
    """Replace one paragraph of the section (the keyboard-friendly way to pick a passage)."""

    paragraph = forms.TypedChoiceField(
        label="Which paragraph do you want to change?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the paragraph you want to change"},
    )
    replacement = forms.CharField(
        label="Your version of that paragraph",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your version of the paragraph"},
    )
    rationale = forms.CharField(
        label="Why do you suggest this change?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain why you suggest this change"},
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, max_value=999_999_999)

    def __init__(self, *args: object, paragraphs: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["paragraph"].choices = [  # type: ignore[attr-defined]
            (index, text if len(text) <= 160 else text[:157] + "…")
            for index, text in enumerate(paragraphs)
        ]


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Add to the discussion",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your message"},
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is it not being accepted?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The author and the people following this section will read this.",
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
    quote = forms.CharField(
        label="The words you are commenting on (optional)",
        required=False,
        max_length=1000,
        help_text="Copy a few words from the paragraph to comment on just those.",
    )
    body = forms.CharField(
        label="Your comment",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter your comment"},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, max_value=999_999_999)

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
    body = forms.CharField(
        label="Your reply",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter your reply"},
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Why hide this comment?",
        max_length=1000,
        help_text="Kept in the audit log. Staff can see it.",
        error_messages={"required": "Give a reason for hiding the comment"},
    )
