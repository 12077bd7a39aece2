using Procurement.Contracts.Domain;

namespace Procurement.Contracts.Api;

/// <summary>An organization's registration: a registered organization gives its USCC, a community group none.</summary>
[GenerateSerializer, Alias("OrganizationRegistration")]
public sealed record OrganizationRegistration(
    string Name,
    OrganizationKind Kind,
    string? Uscc,
    string RegionCode,
    string Description,
    IReadOnlyList<string> ServiceDomains,
    IReadOnlyList<string> ServiceRegions,
    int CertifiedSocialWorkers,
    int Volunteers,
    string ContactName,
    string ContactPhone);

[GenerateSerializer, Alias("CriterionInput")]
public sealed record CriterionInput(string Name, int Weight);

/// <summary>A union's service project before publication. Money in fen; funding sources sum to the budget.</summary>
[GenerateSerializer, Alias("ProjectDraft")]
public sealed record ProjectDraft(
    Guid UnionId,
    Guid? BrandId,
    string Category,
    string Title,
    string Description,
    IReadOnlyList<string> TargetGroups,
    IReadOnlyList<string> ServiceRegions,
    long BudgetFen,
    long ProvincialFundingFen,
    long LocalFundingFen,
    long OtherFundingFen,
    int TargetBeneficiaries,
    int TargetSessions,
    bool RegisteredOnly,
    int MinCertifiedSocialWorkers,
    IReadOnlyList<CriterionInput> Criteria,
    DateTimeOffset BidOpensAt,
    DateTimeOffset BidClosesAt,
    DateOnly ServiceStart,
    DateOnly ServiceEnd);

[GenerateSerializer, Alias("BudgetLineInput")]
public sealed record BudgetLineInput(string Item, long AmountFen);

[GenerateSerializer, Alias("MilestoneInput")]
public sealed record MilestoneInput(string Deliverable, DateOnly DueDate, int SharePercent);

/// <summary>An organization's sealed bid: amount in fen, milestones whose payment shares sum to 100.</summary>
[GenerateSerializer, Alias("BidDraft")]
public sealed record BidDraft(
    string Plan,
    long AmountFen,
    IReadOnlyList<BudgetLineInput> BudgetLines,
    IReadOnlyList<MilestoneInput> Milestones,
    int TargetBeneficiaries,
    int TargetSessions,
    string Team);

/// <summary>One evaluator's score for one criterion of a bid, 0–100.</summary>
[GenerateSerializer, Alias("CriterionScoreInput")]
public sealed record CriterionScoreInput(string Criterion, int Score);

/// <summary>A file already stored in the evidence store (content-addressed), attached to a report.</summary>
[GenerateSerializer, Alias("EvidenceInput")]
public sealed record EvidenceInput(Guid Id, string FileName, string ContentType, long SizeBytes, string Sha256);

/// <summary>A union's announcement (通知公告) as its author writes it: plain text, paragraphs separated by blank lines.</summary>
[GenerateSerializer, Alias("AnnouncementDraft")]
public sealed record AnnouncementDraft(Guid UnionId, AnnouncementKind Kind, string Title, string Body);

/// <summary>
/// What awarding did: the bid chosen and either the end of its publicity (中标公示, objections heard until then) or, when
/// the union publishes none, the contract created at once.
/// </summary>
[GenerateSerializer, Alias("AwardOutcome")]
public sealed record AwardOutcome(Guid BidId, Guid? ContractId, DateTimeOffset? PublicityEndsAt);

/// <summary>
/// An organization's milestone report: counts and money, a narrative and anonymised evidence. No beneficiary's identity
/// is asked for anywhere (PIPL).
/// </summary>
[GenerateSerializer, Alias("MilestoneReport")]
public sealed record MilestoneReport(int BeneficiariesServed, int SessionsHeld, long ExpenditureFen, string Narrative, IReadOnlyList<EvidenceInput> Evidence);

/// <summary>
/// One evaluator's quarterly review scores, each 0–100, in the order the weights use, and a comment per score in the same
/// order (optional; the union reads them with the grade).
/// </summary>
[GenerateSerializer, Alias("ReviewScoresInput")]
public sealed record ReviewScoresInput(int ServiceQuality, int KpiAchievement, int BeneficiarySatisfaction, int FinancialCompliance, int Documentation,
    IReadOnlyList<string?>? Comments = null)
{
    public const int CommentLength = 500;

    public IReadOnlyList<int> InOrder() => [ServiceQuality, KpiAchievement, BeneficiarySatisfaction, FinancialCompliance, Documentation];
}

/// <summary>A worker's need as posted: what is needed, for whom, roughly how many people, and the groups it is for.</summary>
[GenerateSerializer, Alias("NeedDraft")]
public sealed record NeedDraft(string Category, string Title, string Text, string ForWhom, int People, IReadOnlyList<string> Groups);
