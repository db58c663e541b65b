"""A strategy's mittarit read straight from its YAML (yaml.safe_load, not the app's model or
lookup), so the tests of filters and exports compute what they expect independently."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def yaml_mittarit(town: str) -> list[dict]:
    """Every mittari with its SDG goals, department, vastuu and seuranta as the document gives
    them: SDG tags of the mittari, its goal, its sub-goal and the actions measuring it; the
    department is the sub-goal's owner (the toimiala), else the mittari's or an action's; the
    vastuu is the mittari's own owner, else the sub-goal's, else an action's."""
    doc = yaml.safe_load((ROOT / "strategies" / f"{town}.yaml").read_text(encoding="utf-8"))
    out = []
    for goal in doc["goals"]:
        blocks = [(None, goal), *((sub, sub) for sub in goal.get("subgoals", []))]
        for sub, block in blocks:
            for ind in block.get("indicators", []):
                acts = [a for a in block.get("actions", []) if ind["id"] in a.get("measures", [])]
                sdg = set(ind.get("sdg", [])) | set(goal.get("sdg", []))
                sdg |= set(sub.get("sdg", []) if sub else [])
                sdg |= {n for a in acts for n in a.get("sdg", [])}
                sub_owner = sub.get("owner") if sub else None
                act_owners = [a.get("owner") for a in acts]
                department = next(
                    (o for o in [sub_owner, ind.get("owner"), *act_owners] if o), None
                )
                owner = next((o for o in [ind.get("owner"), sub_owner, *act_owners] if o), None)
                out.append(
                    {
                        "id": ind["id"],
                        "text": ind["text"],
                        "sdg": sdg,
                        "department": department,
                        "owner": owner,
                        "follow_up": ind.get("follow_up"),
                    }
                )
    return out
