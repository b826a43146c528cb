# ruff: noqa: N815  (the attribute names are the ontology terms, camelCase by convention)
"""The sovkg ontology's terms as an rdflib ``DefinedNamespace``.

A misspelt term (``SOV.Congres``) raises ``AttributeError`` instead of minting a new IRI, so
code and tests that name ontology terms fail loudly. ``tests/test_namespaces.py`` keeps this
list equal to the terms ``ontology/sovkg.ttl`` declares.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/sovkg/ontology"

#: Individuals (congresses, republics, bodies, people ...).
SK = Namespace("https://w3id.org/sovkg/id/")
#: Citations: one named graph each.
CITE = Namespace("https://w3id.org/sovkg/id/citation/")
#: Source documents.
SRC = Namespace("https://w3id.org/sovkg/id/source/")


class SOV(DefinedNamespace):
    """The sovkg ontology: classes, properties and the schema's own individuals."""

    _NS = Namespace("https://w3id.org/sovkg/ontology#")
    _fail = True

    # Classes
    ActionType: URIRef
    Admission: URIRef
    AgendaItem: URIRef
    AutonomousRepublic: URIRef
    BodyKind: URIRef
    CategoryDimension: URIRef
    ChangeEvent: URIRef
    Citation: URIRef
    Congress: URIRef
    ConstituencyKind: URIRef
    Constitution: URIRef
    DatePrecision: URIRef
    Death: URIRef
    Decision: URIRef
    DelegateCategory: URIRef
    DelegateMandate: URIRef
    DelegateRecord: URIRef
    DelegateCount: URIRef
    DocumentAction: URIRef
    ElectionRule: URIRef
    Event: URIRef
    Fact: URIRef
    FederativeRepublic: URIRef
    Foundation: URIRef
    GoverningBody: URIRef
    LegalDocument: URIRef
    Meeting: URIRef
    Membership: URIRef
    PartyOrgan: URIRef
    Person: URIRef
    Place: URIRef
    PoliticalParty: URIRef
    Post: URIRef
    PostHolding: URIRef
    Power: URIRef
    Replacement: URIRef
    RepresentationRule: URIRef
    Republic: URIRef
    RepublicRole: URIRef
    SocialistSovietRepublic: URIRef
    SourceDocument: URIRef
    Speech: URIRef
    State: URIRef
    Statement: URIRef
    StatusChange: URIRef
    TimeSpan: URIRef
    Treaty: URIRef
    YouthOrganization: URIRef

    # Object properties
    aboutThing: URIRef
    accountableTo: URIRef
    actionType: URIRef
    actor: URIRef
    admitted: URIRef
    admittedBy: URIRef
    affiliation: URIRef
    agendaOf: URIRef
    basisOf: URIRef
    before: URIRef
    category: URIRef
    citation: URIRef
    congress: URIRef
    constituency: URIRef
    controlledBy: URIRef
    created: URIRef
    createdDuring: URIRef
    delegate: URIRef
    delegatesFrom: URIRef
    deliveredAt: URIRef
    dimension: URIRef
    discussedAt: URIRef
    document: URIRef
    during: URIRef
    earlierCongress: URIRef
    effectedBy: URIRef
    electedBy: URIRef
    electingBody: URIRef
    electionAt: URIRef
    elects: URIRef
    endedBy: URIRef
    existedDuring: URIRef
    formedFrom: URIRef
    foundingMember: URIRef
    fromRole: URIRef
    hasExclusivePower: URIRef
    heldAt: URIRef
    holder: URIRef
    holdsPowersOf: URIRef
    honoured: URIRef
    locatedIn: URIRef
    member: URIRef
    memberDuring: URIRef
    memberOf: URIRef
    nextCongress: URIRef
    onAgendaItem: URIRef
    organ: URIRef
    organOf: URIRef
    partOf: URIRef
    person: URIRef
    post: URIRef
    postIn: URIRef
    precision: URIRef
    presidiumOf: URIRef
    previousCongress: URIRef
    promptedBy: URIRef
    rapporteur: URIRef
    recipient: URIRef
    republic: URIRef
    role: URIRef
    ruleFor: URIRef
    sessionOf: URIRef
    sourceDocument: URIRef
    speaker: URIRef
    statusOf: URIRef
    supremeBodyOf: URIRef
    toRole: URIRef
    transfersPowersTo: URIRef

    # Datatype properties
    beginOfBegin: URIRef
    beginOfEnd: URIRef
    condition: URIRef
    count: URIRef
    dateText: URIRef
    delegates: URIRef
    edtf: URIRef
    endOfBegin: URIRef
    endOfEnd: URIRef
    fileName: URIRef
    function: URIRef
    hasVotingRights: URIRef
    isApproximate: URIRef
    isExtraordinary: URIRef
    isOnlyHolder: URIRef
    memberCount: URIRef
    ordinal: URIRef
    perUnit: URIRef
    position: URIRef
    provision: URIRef
    quote: URIRef
    quotedWords: URIRef
    relativeDate: URIRef
    section: URIRef
    sha256: URIRef
    statementText: URIRef
    summary: URIRef
    title: URIRef

    # Annotation properties
    romanization: URIRef

    # Individuals of the schema (precisions, roles, action types, concept schemes)
    ActionTypes: URIRef
    Adopted: URIRef
    Amended: URIRef
    Approved: URIRef
    AutonomousRepublicRole: URIRef
    ConstituencyKinds: URIRef
    DatePrecisions: URIRef
    Day: URIRef
    Month: URIRef
    Ratified: URIRef
    Relative: URIRef
    RepublicRoles: URIRef
    Residents: URIRef
    SubmittedTo: URIRef
    UnionRepublic: URIRef
    Voters: URIRef
    Year: URIRef
