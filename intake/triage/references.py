"""Sources the rules cite beyond CLINICAL.md's reference list (R1-R57).

CLINICAL.md is the clinic's shared reference and is edited by the clinic, not by the code, so
a rule that needs a source it does not have cites one of these ids (N1, N2, ...) instead. Tags
as in CLINICAL.md: [V] read in the source, [P] read through a secondary page or summary.
The staff case page shows them next to the rule's rationale.
"""

REFERENCES = {
    "N1": (
        "HerniaSurge Group. International guidelines for groin hernia management. Hernia "
        "2018;22(1):1-165. doi:10.1007/s10029-017-1668-x. An incarcerated or strangulated "
        "hernia (painful, tender, irreducible lump, often with vomiting) needs emergency "
        "surgery; delay raises the risk of bowel resection and death [P]."
    ),
    "N2": (
        "Ross AB et al. ACR Appropriateness Criteria: Acute Hip Pain - Suspected Fracture. "
        "J Am Coll Radiol 2019;16(5S):S18-S25. doi:10.1016/j.jacr.2019.02.028. After a fall "
        "or minor trauma in middle-aged and older patients, radiographs of hip and pelvis "
        "first, MRI when they are negative and a fracture is still suspected [P]."
    ),
    "N3": (
        "Greenhalgh S, Finucane L, Mercer C, Selfe J. Assessment and management of cauda "
        "equina syndrome. Musculoskelet Sci Pract 2018;37:69-74. "
        "doi:10.1016/j.msksp.2018.06.002. Bilateral leg symptoms (bilateral radiculopathy or "
        "neurogenic sciatica) are an early warning of CES; patients need urgent assessment and "
        "a written safety net naming the emergency signs [P]."
    ),
    "N4": (
        "NICE Clinical Knowledge Summaries: Limp in children (cks.nice.org.uk/topics/"
        "limp-in-children), with an NHS referral guide for atraumatic limp (Kingston and "
        "Richmond NHS). Causes by age: 1-4 years septic arthritis, transient synovitis, "
        "toddler's fracture; 4-10 years transient synovitis, Perthes disease; over 10 years "
        "SCFE. Urgent specialist assessment for a child with a limp who is younger than 3, "
        "unable to bear weight, has painful limitation of movement, or is older than 9 with "
        "painful or restricted hip movement (to exclude SCFE) [P]."
    ),
    "N5": (
        "Natural menopause: median age about 51 in the US, with the menopausal transition "
        "(irregular, then absent periods) from the mid-40s (Gold EB. The timing of the age at "
        "which natural menopause occurs. Obstet Gynecol Clin North Am 2011;38(3):425-40. "
        "doi:10.1016/j.ogc.2011.05.002) [P]. The IOC REDs menstrual indicators (R10) are "
        "defined for premenopausal athletes."
    ),
}
