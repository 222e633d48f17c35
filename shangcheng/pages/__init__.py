"""The pages that combine apps: each role's start page, the district and street overviews,
the unit page and the policy catalogue. Composition: these may import any app's access,
compliance and panels; no app imports them."""
