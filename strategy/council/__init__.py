"""The recommendation to the city council (indstilling til byrådet) as a document.

    document.document_context(*, recommendation, version, today=None) -> dict
    pdf.render_recommendation_pdf(*, recommendation, version, language="da") -> bytes
    docx.build_recommendation_docx(*, recommendation, version, language="da") -> bytes
    content.plan_content(snapshot) -> dict   (the plan of a version, ready to show)

The texts are the project leader's (Recommendation); the plan, the action tables and the
finances' figures are computed from the recommended version's snapshot, never from the live
rows. The modules are imported where they are used: WeasyPrint and python-docx load only
when a document is made.
"""
