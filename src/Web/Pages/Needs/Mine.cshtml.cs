using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Needs;

namespace Procurement.Web.Pages.Needs;

/// <summary>我的需求: the needs a worker posted, in every state, with the union's decision and answer.</summary>
[Authorize(Policy = Roles.Worker)]
public sealed class MineModel(ProcurementDb db) : PageModel
{
    public Page<NeedSummary> Result { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) =>
        Result = await Features.Needs.Needs.MineAsync(db, User, pageNumber, ct);
}
