using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Needs;

namespace Procurement.Web.Pages.Needs;

/// <summary>待受理的需求: what workers of the union's subtree posted, oldest first, to accept, merge or decline.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class PendingModel(ProcurementDb db) : PageModel
{
    public Page<NeedSummary> Result { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) =>
        Result = await Features.Needs.Needs.PendingAsync(db, User, pageNumber, ct);
}
