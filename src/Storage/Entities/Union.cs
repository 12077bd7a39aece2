using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>A trade union in the province → city → county → street tree.</summary>
public sealed class Union : AggregateRoot
{
    public string Name { get; internal set; } = "";
    public string NameEn { get; internal set; } = "";
    public UnionLevel Level { get; internal set; }
    public Guid? ParentId { get; internal set; }
    /// <summary>GB/T 2260 region code of the union's area, e.g. 230100 for Harbin.</summary>
    public string RegionCode { get; internal set; } = "";
    /// <summary>Ancestor ids from the root down to this union, each followed by '/'; a subtree is a prefix match.</summary>
    public string Path { get; internal set; } = "";
    /// <summary>This union's quarterly review weights (quality, KPI, satisfaction, finance, documentation); null uses the defaults.</summary>
    public List<int>? ReviewWeights { get; internal set; }
    /// <summary>Working days a proposed award stays published for objections (中标公示); null uses the platform's default, 0 publishes none.</summary>
    public int? AwardPublicityWorkingDays { get; internal set; }

    public static string ChildPath(string? parentPath, Guid id) => (parentPath ?? "/") + id.ToString("N") + "/";
}

/// <summary>A union-owned programme grouping projects, e.g. 工助龙江.</summary>
public sealed class Brand
{
    public Guid Id { get; internal set; }
    public Guid UnionId { get; internal set; }
    public string Name { get; internal set; } = "";
    public string Description { get; internal set; } = "";
}
