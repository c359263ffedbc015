// Dutch and English words that say nothing about what a text is about.
export const stopwords = new Set(
  (
    'de het een en van in op te voor met aan bij als dat die dit er is zijn was wij we ons onze u uw je jij ze zij hij ' +
    'niet ook nog maar om tot naar over uit dan wordt worden kan kunnen heeft hebben alle elke veel meer wat hoe ' +
    'waar wie wanneer welke ik mijn mij me ' +
    'the a an and of in on to for with at by as that this these those is are was were we our us you your they ' +
    'it its not also but from than can have has all every more most very what how where who when which i my me do does'
  ).split(' '),
)
