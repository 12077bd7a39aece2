namespace Procurement.Storage.Entities;

/// <summary>An evaluator's declarations beyond a single project: the organizations they have ties to. Its id is the account's.</summary>
public sealed class EvaluatorProfile : AggregateRoot
{
    public List<EvaluatorTie> Ties { get; internal set; } = [];
}

/// <summary>A declared tie of an evaluator to an organization, in the evaluator's words (e.g. 曾任该机构理事).</summary>
public sealed class EvaluatorTie
{
    public Guid EvaluatorId { get; internal set; }
    public Guid OrganizationId { get; internal set; }
    public string Nature { get; internal set; } = "";
    public DateTimeOffset DeclaredAt { get; internal set; }
}
