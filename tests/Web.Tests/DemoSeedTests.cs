using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class DemoSeedTests(PortalHost portal)
{
    [Fact]
    public async Task Demo_organizations_hold_valid_credit_codes_and_community_groups_none()
    {
        var organizations = await portal.Query(db => db.Organizations.ToListAsync());
        Assert.Contains(organizations, o => o.Name == "哈尔滨市行大公益服务发展中心");
        Assert.All(organizations.Where(o => o.Kind == OrganizationKind.Registered), o => Assert.True(Uscc.IsValid(o.Uscc), o.Name));
        var community = Assert.Single(organizations, o => o.Name == "安宁区朗诵协会");
        Assert.Equal(OrganizationKind.CommunityGroup, community.Kind);
        Assert.Null(community.Uscc);
    }

    [Fact]
    public async Task Demo_projects_cover_every_stage_from_draft_to_contract()
    {
        var statuses = await portal.Query(db => db.Projects.Select(p => p.Status).Distinct().ToListAsync());
        foreach (var stage in new[] { ProjectStatus.Draft, ProjectStatus.Published, ProjectStatus.Evaluating, ProjectStatus.NoAward, ProjectStatus.Awarded })
            Assert.Contains(stage, statuses);
        var contracts = await portal.Query(db => db.Contracts.Include(c => c.Milestones).ToListAsync());
        Assert.NotEmpty(contracts);
        Assert.All(contracts, c => Assert.Equal(100, c.Milestones.Sum(m => m.SharePercent)));
    }

    [Fact]
    public async Task Demo_needs_are_in_every_state_and_one_closes_the_loop_from_need_to_delivered_contract()
    {
        var statuses = await portal.Query(db => db.Needs.Select(n => n.Status).Distinct().ToListAsync());
        Assert.Equal(Enum.GetValues<NeedStatus>().Order(), statuses.Order());
        var served = await portal.Query(db => db.Needs.Where(n => n.ProjectId != null)
            .Join(db.Contracts, n => n.ProjectId, c => (Guid?)c.ProjectId, (n, c) => c.BeneficiariesServed).MaxAsync());
        Assert.True(served > 0, "no need's project has served anyone yet");
        // Nobody supports their own need: its worker is counted already.
        Assert.False(await portal.Query(db => db.NeedSupports.AnyAsync(s => db.Needs.Any(n => n.Id == s.NeedId && n.AuthorId == s.UserId))));
    }

    [Fact]
    public async Task Every_running_demo_contract_has_beneficiary_answers_each_a_valid_one()
    {
        var answers = await portal.Query(db => db.Feedback.Select(f => new { f.ContractId, f.Satisfaction, f.Quarter }).ToListAsync());
        var running = await portal.Query(db => db.Contracts.Where(c => c.Status == ContractStatus.Active).Select(c => c.Id).ToListAsync());
        Assert.All(running, id => Assert.Contains(answers, a => a.ContractId == id));
        Assert.All(answers, a => Assert.InRange(a.Satisfaction, 1, 5));
        Assert.All(answers, a => Assert.NotNull(ChinaTime.QuarterNumber(a.Quarter)));
    }

    [Fact]
    public async Task Seeded_changes_went_through_the_grains_and_left_chained_audit_trails()
    {
        var published = await portal.Query(db => db.Projects.FirstAsync(p => p.Status == ProjectStatus.Awarded));
        var trail = await portal.Query(db => db.AuditTrail.Where(a => a.AggregateId == published.Id).OrderBy(a => a.Sequence).ToListAsync());
        Assert.Equal(["ProjectDrafted", "ProjectPublished"], trail.Take(2).Select(a => a.Action));
        for (var i = 1; i < trail.Count; i++) Assert.Equal(trail[i - 1].Hash, trail[i].PreviousHash);
    }

    [Fact]
    public async Task Every_demo_account_exists_with_its_role()
    {
        var users = await portal.Query(db => db.Users.Select(u => u.Email).ToListAsync());
        foreach (var email in new[] { "admin@demo.local", "province@demo.local", "city@demo.local", "org1@demo.local", "org2@demo.local", "org3@demo.local", "evaluator5@demo.local", "worker1@demo.local", "worker3@demo.local" })
            Assert.Contains(email, users);
    }
}
