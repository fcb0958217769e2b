"""How partners and shares look in every diagram, and the key that explains it.

One fixed shape and fill per partner type, so a board sees the police, schools or an
overseas authority the same way in every diagram; the fills are light enough to carry
dark text and print in greyscale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from models.labels import partner_type_label
from visualise.dotlang import Attributes, HtmlLabel, defaults, escaped, node_statement


@dataclass(frozen=True)
class NodeLook:
    """The shape and fill colour of a partner type's nodes."""

    shape: str
    fill: str


PARTNER_LOOKS: Final[Mapping[str, NodeLook]] = {
    "police": NodeLook("box", "#b3cde3"),
    "nhs_trust": NodeLook("ellipse", "#ccebc5"),
    "icb_gp": NodeLook("ellipse", "#e5f5e0"),
    "school": NodeLook("house", "#fed9a6"),
    "dfe": NodeLook("component", "#decbe4"),
    "ofsted": NodeLook("component", "#ece2f0"),
    "court": NodeLook("octagon", "#fbb4ae"),
    "cafcass": NodeLook("octagon", "#fddbd7"),
    "local_authority": NodeLook("box3d", "#ffffcc"),
    "voluntary_sector": NodeLook("hexagon", "#e5d8bd"),
    "fostering_agency": NodeLook("egg", "#fddaec"),
    "adoption_agency": NodeLook("egg", "#f6c1dc"),
    "consultancy": NodeLook("parallelogram", "#eeeeee"),
    "central_government": NodeLook("component", "#d0d1e6"),
    "overseas_authority": NodeLook("invhouse", "#99d8c9"),
    "international_organisation": NodeLook("septagon", "#ccece6"),
    "data_subject": NodeLook("note", "#ffffff"),
}
UNKNOWN_LOOK: Final = NodeLook("box", "#ffffff")

FONT: Final = "Helvetica"
INK: Final = "#263238"
SHARE_LINE: Final = "#455a64"
ABROAD: Final = "#d95f02"
REFUSED: Final = "#8c8c8c"
VOID: Final = "#bdbdbd"
KEY_TABLE: Final = (
    '<TABLE BORDER="1" COLOR="#bdbdbd" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
)


def partner_node(partner_type: str, *, is_council: bool) -> dict[str, str]:
    """Node attributes for a partner of this type; the council gets a bold double border."""
    look = PARTNER_LOOKS.get(partner_type, UNKNOWN_LOOK)
    attributes = {"shape": look.shape, "fillcolor": look.fill, "style": "filled"}
    if is_council:
        attributes |= {"peripheries": "2", "penwidth": "2", "fontname": f"{FONT}-Bold"}
    return attributes


def diagram_defaults(title: Sequence[str], *, label_size: int, title_size: int = 16) -> list[str]:
    """The graph, node and edge defaults every diagram starts with; sizes in points."""
    graph: Attributes = {
        "charset": "UTF-8",
        "fontname": FONT,
        "fontsize": str(title_size),
        "label": tuple(title),
        "labelloc": "t",
        "nodesep": "0.35",
        "rankdir": "LR",
        "ranksep": "1.0",
    }
    node: Attributes = {"color": INK, "fontcolor": INK, "fontname": FONT, "fontsize": "11"}
    edge: Attributes = {
        "color": SHARE_LINE,
        "fontcolor": INK,
        "fontname": FONT,
        "fontsize": str(label_size),
    }
    return [defaults("graph", graph), defaults("node", node), defaults("edge", edge)]


def key(
    partner_types: Iterable[str],
    line_samples: Sequence[tuple[str, Attributes]],
    notes: Sequence[str],
    *,
    council_type: str | None,
) -> str:
    """The key, one table node: fills of the partner types drawn, sample lines, notes.

    One node rather than a cluster of sample edges: sample edges would stretch across the
    diagram's widest rank gap.
    """
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Key</B></TD></TR>']
    if council_type is not None:
        council_fill = PARTNER_LOOKS.get(council_type, UNKNOWN_LOOK).fill
        rows.append(_swatch_row(council_fill, "This council (double border)", border=3))
    rows += [_type_row(partner_type) for partner_type in sorted(set(partner_types))]
    rows += [_line_row(meaning, look) for meaning, look in line_samples]
    rows += [f'<TR><TD COLSPAN="2" ALIGN="LEFT">{escaped(note)}</TD></TR>' for note in notes]
    table = KEY_TABLE + "".join(rows) + "</TABLE>"
    return node_statement("key", {"shape": "plain", "label": HtmlLabel(table)})


def _type_row(partner_type: str) -> str:
    look = PARTNER_LOOKS.get(partner_type, UNKNOWN_LOOK)
    return _swatch_row(look.fill, partner_type_label(partner_type), border=1)


def _swatch_row(fill: str, meaning: str, *, border: int) -> str:
    swatch = f'<TD BGCOLOR="{fill}" BORDER="{border}" COLOR="{INK}" WIDTH="40" HEIGHT="14"></TD>'
    return f'<TR>{swatch}<TD ALIGN="LEFT">{escaped(meaning)}</TD></TR>'


def _line_row(meaning: str, look: Attributes) -> str:
    """A line sample: a cell with only its bottom border, in the line's colour and pattern."""
    width = round(float(str(look.get("penwidth", "1.2"))))
    pattern = look.get("style", "solid")
    style = f' STYLE="{pattern}"' if pattern in ("dotted", "dashed") else ""
    colour = str(look.get("color", SHARE_LINE))
    sample = f'<TD SIDES="B" BORDER="{max(width, 1)}" COLOR="{colour}"{style} WIDTH="40"></TD>'
    return f'<TR>{sample}<TD ALIGN="LEFT">{escaped(meaning)}</TD></TR>'
