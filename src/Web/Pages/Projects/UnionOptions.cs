using Procurement.Web.Features.Unions;

namespace Procurement.Web.Pages.Projects;

/// <summary>A union in a select list, indented by its depth in the tree.</summary>
public sealed record UnionOption(Guid Id, string Name, string NameEn, int Depth)
{
    public string Label(bool english) => new string('\u3000', Depth) + (english ? NameEn : Name);

    /// <summary>The tree flattened depth-first, from the given roots.</summary>
    public static List<UnionOption> Flatten(IEnumerable<UnionNode> roots)
    {
        var list = new List<UnionOption>();
        void Walk(UnionNode n, int depth)
        {
            list.Add(new UnionOption(n.Id, n.Name, n.NameEn, depth));
            foreach (var c in n.Children) Walk(c, depth + 1);
        }
        foreach (var r in roots) Walk(r, 0);
        return list;
    }

    /// <summary>The subtree under one union (itself included), or nothing when it is not in the tree.</summary>
    public static List<UnionOption> Subtree(IEnumerable<UnionNode> roots, Guid? unionId)
    {
        UnionNode? Find(IEnumerable<UnionNode> nodes) =>
            nodes.Select(n => n.Id == unionId ? n : Find(n.Children)).FirstOrDefault(n => n is not null);
        return unionId is null || Find(roots) is not { } root ? [] : Flatten([root]);
    }
}
