"""Offer back, at start, what was typed and not saved when mentorjournal last closed.

Each draft goes back where it was typed: an entry's text into the Journal's editor,
step notes into the Checklist, a form reopened with its fields filled in, one after
the other. Until the text is saved again it stays in the drafts store.
"""

from typing import Any

from mentorjournal.services.drafts import Draft

MODES = {"entry": "journal", "notes": "checklist"}


async def offer_drafts(app: Any) -> None:
    """Restore every draft left behind by a window that is no longer running."""
    drafts = [draft for draft in app.drafts.left_behind() if _known(draft)]
    if app.drafts.problem:
        app.notify(app.drafts.problem, severity="warning", markup=False)
    if not drafts:
        return
    titles = "; ".join(draft.title for draft in drafts)
    app.notify(
        f"Recovered what you typed before mentorjournal last closed: {titles}. "
        "It is back where you typed it.",
        title="Recovered",
        timeout=20,
        markup=False,
    )
    for draft in drafts:
        await _restore(app, draft)


def _known(draft: Draft) -> bool:
    kind = draft.data.get("kind")
    return kind in MODES or (kind == "form" and draft.data.get("mode") is not None)


async def _restore(app: Any, draft: Draft) -> None:
    data = draft.data
    mode = MODES.get(data["kind"]) or data["mode"]
    if app.current_mode != mode:
        await app.switch_mode(mode)
    if data["kind"] == "form":
        from mentorjournal.widgets.form import FormScreen  # only for a form's draft

        form_class = FormScreen.kinds.get(data["form"])  # registered when its screen loaded
        if form_class is not None:
            form = form_class.from_draft(data["origin"]).restore(data["values"], draft.key)
            await app.push_screen_wait(form)
    else:
        app.screen.restore_draft(data, draft.key)
