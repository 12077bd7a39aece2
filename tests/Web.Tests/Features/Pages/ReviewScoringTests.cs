using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Pages;

/// <summary>
/// A quarterly review is scored beside the contract's delivery record, scores start empty and carry comments; the
/// evaluator reads the contracts it reviews (evidence included) and no other; the union reads the comments with the grade.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class ReviewScoringTests(PortalHost portal)
{
    /// <summary>An open review and one of its evaluators who has neither scored nor declared a conflict.</summary>
    private async Task<(Guid ReviewId, Guid ContractId, string Email)> OpenReviewAsync() =>
        await Eventually.Get(() => portal.Query(db => db.ReviewEvaluators.AsNoTracking()
                .Where(e => e.ScoredAt == null && !e.ConflictDeclared && e.DeclaredNoConflictAt == null
                    && db.QuarterlyReviews.Any(r => r.Id == e.ReviewId && r.Status == ReviewStatus.Open))
                .Join(db.QuarterlyReviews, e => e.ReviewId, r => r.Id, (e, r) => new { e.ReviewId, r.ContractId, e.EvaluatorId })
                .Join(db.Users, x => x.EvaluatorId, u => u.Id, (x, u) => new { x.ReviewId, x.ContractId, u.Email })
                .Where(x => x.Email!.EndsWith("@demo.local"))
                .Select(x => new ValueTuple<Guid, Guid, string>(x.ReviewId, x.ContractId, x.Email!)).FirstOrDefaultAsync()),
            r => r.Item1 != Guid.Empty);

    [Fact]
    public async Task The_scoring_page_shows_the_delivery_record_starts_empty_and_refuses_missing_scores_beside_each_field()
    {
        var (reviewId, contractId, email) = await OpenReviewAsync();
        var firstDeliverable = await portal.Query(db => db.Milestones.Where(m => m.ContractId == contractId).OrderBy(m => m.Sequence).Select(m => m.Deliverable).FirstAsync());
        using var evaluator = new PageClient(portal.BaseAddress);
        await evaluator.SignInAsync(email);

        var page = await (await evaluator.GetAsync($"/reviews/{reviewId}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"delivery-record\"", page);
        Assert.Contains(firstDeliverable, page);
        foreach (var name in Procurement.Web.Pages.Reviews.ScoreModel.Dimensions)
            Assert.DoesNotContain("value=", Regex.Match(page, $"<input id=\"Input_{name}\"[^>]*>").Value); // empty, not a zero nobody typed

        var refused = await evaluator.PostFormAsync($"/reviews/{reviewId}", new() { ["Input.DeclareNoConflict"] = "true", ["Input.Comments[0]"] = "服务记录完整。" });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(5, FieldRequired().Matches(html).Count);
        Assert.Contains("服务记录完整。", html); // what was typed stays
        Assert.Null(await portal.Query(db => db.ReviewEvaluators.Where(e => e.ReviewId == reviewId && e.EvaluatorId == db.Users.Where(u => u.Email == email).Select(u => u.Id).First())
            .Select(e => e.ScoredAt).FirstAsync()));
    }

    [Fact]
    public async Task An_evaluator_reads_the_contract_it_reviews_and_an_evaluator_on_none_of_its_reviews_does_not()
    {
        var (_, contractId, email) = await OpenReviewAsync();
        using var reviewer = await portal.SignedIn(email);
        var (_, strangerEmail) = await portal.NewUserAsync(Roles.Evaluator); // an evaluator on no review of it
        using var stranger = await portal.SignedIn(strangerEmail);

        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/api/v1/contracts/{contractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/contracts/{contractId}/delivery")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/contracts/{contractId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/contracts/{contractId}/reviews")).StatusCode);
    }

    [Fact]
    public async Task The_union_reads_each_evaluators_scores_and_comments_with_the_grade_and_the_organization_does_not()
    {
        var contract = await portal.Query(db => db.Contracts.Where(c => c.UnionPath.StartsWith(db.Unions.Where(u => u.Name == "黑龙江省总工会").Select(u => u.Path).First()))
            .Select(c => new { c.Id, c.OrganizationId }).FirstAsync());
        var evaluator = await portal.Query(db => db.Users.Where(u => u.Email == "evaluator3@demo.local").Select(u => new { u.Id, u.DisplayName }).FirstAsync());
        var quarter = $"20{Random.Shared.Next(10, 19)}Q{Random.Shared.Next(1, 5)}"; // a past quarter of its own, graded
        var reviewId = Guid.NewGuid();
        await portal.Query(db =>
        {
            var review = new Storage.Entities.QuarterlyReview
            {
                Id = reviewId, ContractId = contract.Id, Quarter = quarter, Status = ReviewStatus.Completed, Weights = [30, 25, 20, 15, 10],
                OpenedAt = DateTimeOffset.UtcNow.AddDays(-20), DueAt = DateTimeOffset.UtcNow.AddDays(-5), CompletedAt = DateTimeOffset.UtcNow.AddDays(-5),
                ScoreCentipoints = 8150, Grade = ReviewGrade.Good,
            };
            review.Evaluators.Add(new Storage.Entities.ReviewEvaluator
            {
                ReviewId = review.Id, EvaluatorId = evaluator.Id, DeclaredNoConflictAt = review.OpenedAt, ScoredAt = review.DueAt,
                Scores = [85, 80, 82, 78, 75], TotalCentipoints = 8150, Comments = ["热线接通率高，回访及时。", "", "满意度调查样本偏少。", "", ""],
            });
            db.QuarterlyReviews.Add(review);
            return db.SaveChangesAsync();
        });

        using var union = await portal.SignedIn("province@demo.local");
        var page = await union.GetStringAsync($"/contracts/{contract.Id}/delivery");
        Assert.Contains($"data-testid=\"opinions-{reviewId}\"", page);
        Assert.Contains("热线接通率高，回访及时。", page);
        Assert.Contains("满意度调查样本偏少。", page);

        var member = await portal.Query(db => db.Users.Where(u => u.OrganizationId == contract.OrganizationId).Select(u => u.Email!).FirstAsync());
        using var organization = await portal.SignedIn(member);
        Assert.DoesNotContain("热线接通率高", await organization.GetStringAsync($"/contracts/{contract.Id}/delivery"));
        Assert.DoesNotContain("热线接通率高", await organization.GetStringAsync($"/api/v1/contracts/{contract.Id}/reviews"));
    }

    [GeneratedRegex("class=\"field-error\" data-valmsg-for=\"Input\\.\\w+\">此项为必填项</span>")]
    private static partial Regex FieldRequired();
}
