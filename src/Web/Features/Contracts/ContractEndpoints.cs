using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;
using Procurement.Web.Pages;

namespace Procurement.Web.Features.Contracts;

public sealed record VerifyRequest(bool Accept, string? Reason);
public sealed record ReviewScoreRequest(ReviewScoresInput? Scores, bool DeclareNoConflict);
public sealed record TextRequest(string? Text);
public sealed record TerminationRequest(bool Terminate, string? Reason);

/// <summary>Delivery under /api/v1/contracts and /api/v1/reviews (DESIGN.md §4).</summary>
public static class ContractEndpoints
{
    public static void MapContracts(this IEndpointRouteBuilder api)
    {
        var contracts = api.MapGroup("/contracts").WithTags("Contracts").RequireAuthorization();

        contracts.MapGet("/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await ContractQueries.GetAsync(db, user, id, ct) is { } c ? Results.Ok(c) : ProjectEndpoints.NotFound("contract"))
            .WithSummary("A contract with its milestones, payments and KPI progress; for its union and its organization");

        contracts.MapGet("/{id:guid}/payments." + Exports.Extension, async (Guid id, string format, ProcurementDb db, ClaimsPrincipal user,
                IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken ct) =>
                await ContractQueries.GetAsync(db, user, id, ct) is { } c
                    ? await Exports.FileAsync("payments", format, time, ct, ExportTable.Of<MilestoneView>(text["Export_SheetPayments"],
                    [
                        new(text["Export_Sequence"], m => m.Sequence),
                        new(text["Csv_Deliverable"], m => m.Deliverable),
                        new(text["Csv_Due"], m => m.DueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                        new(text["Export_SharePercent"], m => m.SharePercent),
                        new(text["Export_DueYuan"], m => m.AmountFen, IsMoney: true),
                        new(text["Export_Status"], m => text["MilestoneStatus_" + c.StatusOf(m, time.GetUtcNow().ToChinaDate())].Value),
                        new(text["Export_ReportedAt"], m => m.ReportedAt?.ToChinaString()),
                        new(text["Export_VerifiedAt"], m => m.VerifiedAt?.ToChinaString()),
                        new(text["Csv_PaidYuan"], m => m.PaidFen, IsMoney: true),
                    ], c.Milestones))
                    : ProjectEndpoints.NotFound("contract"))
            .WithSummary("A contract's payment schedule as a spreadsheet (format xlsx or csv): each milestone's share, amount, status and payment");

        contracts.MapPost("/{id:guid}/milestones/{milestoneId:guid}/reports", async (Guid id, Guid milestoneId, [FromForm] MilestoneReportForm form,
                IFormFileCollection files, EvidenceStore store, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var report = await form.ToReportAsync([.. files], store, ct);
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(id).ReportMilestone(milestoneId, report, user.ToActor()));
                return Results.NoContent();
            })
            // Multipart can be posted cross-site without a preflight: bearer tokens only here; the portal posts through its
            // own antiforgery-protected page.
            .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.OrganizationMember))
            .DisableAntiforgery()
            .WithSummary("Report a milestone (multipart: fields and evidence files, images or PDF up to 10 MB each; bearer token)");

        contracts.MapPost("/{id:guid}/milestones/{milestoneId:guid}/verify", async (Guid id, Guid milestoneId, VerifyRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(id).VerifyMilestone(milestoneId, body.Accept, body.Reason, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Accept a reported milestone (releases its payment) or reject it with a reason");

        contracts.MapGet("/{id:guid}/evidence/{fileId:guid}", async (Guid id, Guid fileId, ProcurementDb db, EvidenceStore store, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var file = await db.ContractsFor(user).Where(c => c.Id == id).SelectMany(c => c.Milestones).SelectMany(m => m.Evidence)
                    .FirstOrDefaultAsync(e => e.Id == fileId, ct);
                return file is null
                    ? ProjectEndpoints.NotFound("evidence")
                    : Results.File(store.Open(file.Sha256), file.ContentType, file.FileName);
            })
            .WithSummary("Download an evidence file; parties of the contract only");

        contracts.MapGet("/{id:guid}/reviews", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await ContractQueries.ReviewsAsync(db, user, id, ct) is { } r ? Results.Ok(r) : ProjectEndpoints.NotFound("contract"))
            .WithSummary("The contract's quarterly reviews with grades");

        contracts.MapPost("/{id:guid}/rectification", async (Guid id, TextRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(id).SubmitRectification(body.Text ?? "", user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Submit the rectification report (整改报告)");

        contracts.MapPost("/{id:guid}/rectification/lift", async (Guid id, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(id).LiftRectification(user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("End the rectification");

        contracts.MapPost("/{id:guid}/termination", async (Guid id, TerminationRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(id).DecideTermination(body.Terminate, body.Reason, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Confirm or dismiss a termination recommendation");

        api.MapPost("/reviews/{id:guid}/scores", async (Guid id, ReviewScoreRequest body, ProcurementDb db, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var evaluatorId = user.UserId();
                var contractId = await db.ReviewEvaluators.Where(e => e.ReviewId == id && e.EvaluatorId == evaluatorId)
                    .Join(db.QuarterlyReviews, e => e.ReviewId, r => r.Id, (e, r) => (Guid?)r.ContractId).FirstOrDefaultAsync(ct);
                if (contractId is null) return ProjectEndpoints.NotFound("review");
                if (body.Scores is null)
                    throw new RuleViolation("validation.failed", "Scores are required.", ViolationKind.Invalid, new Dictionary<string, string[]> { ["scores"] = ["required"] });
                await commands.RunAsync(g => g.GetGrain<IContractGrain>(contractId.Value).ScoreReview(id, body.Scores, body.DeclareNoConflict, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Evaluator).WithTags("Reviews").WithSummary("Score a quarterly review (with the conflict-of-interest declaration)");
    }
}

/// <summary>
/// A milestone report as people type it (money in yuan with two decimals), for the API's multipart post and the delivery
/// page alike. The contract grain checks the figures; the form only refuses a sum that is no amount of fen.
/// </summary>
public sealed class MilestoneReportForm
{
    public int BeneficiariesServed { get; set; }
    public int SessionsHeld { get; set; }
    public decimal ExpenditureYuan { get; set; }
    public string? Narrative { get; set; }

    /// <summary>Stores the evidence files and builds the report.</summary>
    /// <exception cref="RuleViolation">The expenditure has more than two decimals or is beyond any sum the platform holds (field <c>expenditureYuan</c>).</exception>
    public async Task<MilestoneReport> ToReportAsync(IReadOnlyList<IFormFile> files, EvidenceStore store, CancellationToken ct)
    {
        var (expenditure, error) = FormErrors.ToFen(ExpenditureYuan);
        if (error is not null) new FieldChecks().Require(false, "expenditureYuan", error).ThrowIfAny();
        var evidence = await store.SaveAsync(files, ct);
        return new MilestoneReport(BeneficiariesServed, SessionsHeld, expenditure, Narrative ?? "", evidence);
    }
}
