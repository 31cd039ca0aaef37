"""A generated demo set: many varied visits, so that pages can be tried with volume.

`load_extra(count, home)` adds about `count` visits of the union (`home`) and of
other bodies across the Turkic world, with their delegations, meetings,
statements, decisions, gifts and protocols, plus board meetings outside any
visit, projects and the directory they need.

Everything comes from `random.Random(2021)`. The directory (organisations,
people, posts, events, projects) is the same whatever the count; then visits
are planned one slot after another, each from the state the earlier ones left,
so visit n is the same whether 200 or 1000 are asked for and a larger count adds
only the slots beyond the smaller one. Records are found again by natural keys
(slugs, names, titles), so a second call with the same count creates nothing.

Statuses (planned visits, open decisions, planned protocols) are as of AS_OF, a
fixed day, so the set does not change with the day it is loaded on.

Every name of a person is made up. Facts about places (UNESCO listings,
populations) are approximate and for demonstration only.
"""

from visits.demo_extra.generator import load_extra

__all__ = ["load_extra"]
