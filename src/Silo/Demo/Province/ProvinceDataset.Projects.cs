using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Contracts;
using Procurement.Silo.Grains.Projects;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo.Province;

public static partial class ProvinceDataset
{
    private sealed partial class Generator
    {
        private async Task GenerateProjectsAsync()
        {
            var stages = StageOrder();
            var milestones = MilestoneCounts(stages.Count(s => s.HasContract()));
            var contractIndex = 0;
            for (var i = 0; i < stages.Length; i++)
            {
                var stage = stages[i];
                GenerateProject(stage, stage.HasContract() ? milestones[contractIndex++] : 0);
                await FlushIfFullAsync("projects", i + 1, stages.Length);
            }
            await FlushAsync();
            Report("projects", stages.Length, stages.Length);
        }

        /// <summary>Each project's stage, exact counts per stage, in a shuffled order so stages mix across unions and time.</summary>
        private DatasetStage[] StageOrder()
        {
            var perStage = size.ProjectsPerStage();
            var stages = Enum.GetValues<DatasetStage>().SelectMany(s => Enumerable.Repeat(s, perStage.GetValueOrDefault(s))).ToArray();
            rng.Shuffle(stages);
            return stages;
        }

        /// <summary>Milestones per contract: the exact total, each between the bounds, varied by moving milestones between pairs.</summary>
        private int[] MilestoneCounts(int contracts)
        {
            var counts = new int[contracts];
            if (contracts == 0) return counts;
            for (var c = 0; c < contracts; c++) counts[c] = size.Milestones / contracts + (c < size.Milestones % contracts ? 1 : 0);
            for (var c = 0; c < contracts; c++)
            {
                var other = rng.Next(contracts);
                var move = rng.Next(-3, 4);
                if (counts[c] + move is >= DatasetSize.MinMilestonesPerContract and <= DatasetSize.MaxMilestonesPerContract
                    && counts[other] - move is >= DatasetSize.MinMilestonesPerContract and <= DatasetSize.MaxMilestonesPerContract && other != c)
                {
                    counts[c] += move;
                    counts[other] -= move;
                }
            }
            return counts;
        }

        private UnionNode PickUnion()
        {
            // Province 10 %, cities 35 %, districts/counties 35 %, grassroots 20 % of the projects, where such unions exist.
            var r = rng.Next(100);
            var level = r < 10 ? UnionLevel.Province : r < 45 ? UnionLevel.City : r < 80 ? UnionLevel.County : UnionLevel.Street;
            var candidates = unions.Where(u => u.Union.Level == level).ToList();
            return candidates.Count > 0 ? Pick(candidates) : Pick(unions);
        }

        private DateTimeOffset ChinaAt(DateOnly date, int hour, int minute = 0) =>
            new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, 0, ChinaTime.Offset).ToUniversalTime();

        private void GenerateProject(DatasetStage stage, int milestoneCount)
        {
            var owner = PickUnion();
            var theme = Pick(ProvinceCatalog.Themes);
            var budget = rng.Next(50, 601) * 1_000L * Money.FenPerYuan;
            var provincial = budget * Pick(new[] { 0, 30, 50, 60 }) / 100 / Money.FenPerYuan * Money.FenPerYuan;
            var other = rng.Next(4) == 0 ? budget / 10 : 0;
            var minSocialWorkers = rng.Next(10) < 8 ? 0 : rng.Next(1, 4);
            if (eligible[minSocialWorkers].Count < 6) minSocialWorkers = 0;

            // The timeline each stage implies, relative to the reference day; deadlines at 17:00 China time, so they cluster.
            var quarterStart = ChinaTime.QuarterStart(now).ToChinaDate();
            DateOnly closesOn;
            DateOnly? serviceStartOn = null;
            switch (stage)
            {
                case DatasetStage.Draft: closesOn = today.AddDays(rng.Next(20, 45)); break;
                case DatasetStage.OpenForBids: closesOn = today.AddDays(rng.Next(2, 31)); break;
                case DatasetStage.BiddingClosed: closesOn = today.AddDays(-rng.Next(1, 7)); break;
                case DatasetStage.Evaluating: closesOn = today.AddDays(-rng.Next(3, 21)); break;
                case DatasetStage.NoAward: closesOn = today.AddDays(-rng.Next(5, 300)); break;
                default:
                    var start = stage switch
                    {
                        // Signed (five days before the service starts) before the current quarter began: the quarter now ending reviews it.
                        DatasetStage.InDelivery => RandomDate(today.AddDays(-330), quarterStart.AddDays(4)),
                        DatasetStage.Rectification => RandomDate(today.AddDays(-330), today.AddDays(-280)),
                        DatasetStage.Completed => RandomDate(today.AddDays(-730), today.AddDays(-370)),
                        _ => RandomDate(today.AddDays(-700), today.AddDays(-460)),
                    };
                    serviceStartOn = start;
                    closesOn = start.AddDays(-15);
                    break;
            }
            var closes = ChinaAt(closesOn, 17);
            var opens = stage == DatasetStage.Draft ? ChinaAt(today.AddDays(rng.Next(3, 15)), 9) : ChinaAt(closesOn.AddDays(-rng.Next(14, 31)), 9);
            if (stage == DatasetStage.OpenForBids && opens > now) opens = ChinaAt(today.AddDays(-1), 9);
            var created = (stage == DatasetStage.Draft ? now.AddDays(-rng.Next(1, 20)) : opens.AddDays(-rng.Next(1, 6))).AddMinutes(-rng.Next(600));
            var serviceStart = serviceStartOn ?? closesOn.AddDays(15);
            var serviceEnd = serviceStart.AddDays(364);

            var project = new Project
            {
                Id = NewId(created), Version = 1, UnionId = owner.Union.Id, UnionPath = owner.Union.Path,
                BrandId = owner.Union.Path.StartsWith(unions[0].Union.Path, StringComparison.Ordinal) && rng.Next(10) < 4 ? brandId : null,
                Category = theme.Category,
                Title = $"{owner.Area}{Pick(theme.Titles)}（{serviceStart.Year}年度）",
                Description = theme.Description, TargetGroups = [.. theme.Groups], ServiceRegions = [owner.Area],
                BudgetFen = budget, ProvincialFundingFen = provincial, OtherFundingFen = other, LocalFundingFen = budget - provincial - other,
                TargetBeneficiaries = rng.Next(20, 601) * 10, TargetSessions = rng.Next(12, 241),
                RegisteredOnly = rng.Next(10) < 3, MinCertifiedSocialWorkers = minSocialWorkers,
                Criteria = [.. ProvinceCatalog.Criteria.Select((c, k) => new Criterion { Name = c, Weight = ProvinceCatalog.CriterionWeights[k] })],
                BidOpensAt = opens, BidClosesAt = closes, ServiceStart = serviceStart, ServiceEnd = serviceEnd,
                Status = ProjectStatus.Draft, CreatedBy = owner.AdminId, CreatedAt = created,
            };
            var lastChange = created;
            if (stage != DatasetStage.Draft)
            {
                project.Status = ProjectStatus.Published;
                project.PublishedAt = lastChange = Min(opens, now.AddMinutes(-1));
            }

            var bidCount = stage switch
            {
                DatasetStage.Draft or DatasetStage.NoAward => 0,
                DatasetStage.OpenForBids => rng.Next(4) == 0 ? 0 : rng.Next(1, 7),
                _ => rng.Next(1, 7),
            };
            var bidders = eligible[minSocialWorkers];
            bidCount = Math.Min(bidCount, bidders.Count);
            var chosen = new HashSet<int>();
            while (chosen.Count < bidCount + (bidCount > 0 && rng.Next(20) == 0 ? 1 : 0) && chosen.Count < bidders.Count) chosen.Add(rng.Next(bidders.Count));
            var bidWindowEnd = Min(closes, now);
            var index = 0;
            foreach (var b in chosen)
            {
                var submitted = RandomInstant(opens, bidWindowEnd);
                var bid = NewBid(project, bidders[b], submitted, rng.Next(4, 9));
                // One bidder in twenty withdraws: its bid stays as a record, not counted (BidCount counts live bids only).
                if (index++ == bidCount)
                {
                    bid.Status = BidStatus.Withdrawn;
                    bid.UpdatedAt = RandomInstant(submitted, bidWindowEnd);
                }
                project.Bids.Add(bid);
            }
            project.BidCount = bidCount;

            if (stage is DatasetStage.OpenForBids)
            {
                openProjects.Add((closes, project.Id));
            }
            else if (stage is not DatasetStage.Draft)
            {
                project.ClosedAt = lastChange = closes.AddMinutes(rng.Next(1, 5));
                project.Status = stage switch
                {
                    DatasetStage.NoAward => ProjectStatus.NoAward,
                    DatasetStage.BiddingClosed => ProjectStatus.BiddingClosed,
                    _ => ProjectStatus.Evaluating,
                };
                if (stage is DatasetStage.Evaluating || stage.HasContract()) lastChange = Evaluate(project, stage);
            }

            Contract? contract = null;
            if (stage.HasContract())
            {
                var winner = EvaluationRules.Rank(project)[0].Bid;
                winner.Milestones = ProposedMilestones(project.ServiceStart, project.ServiceEnd, milestoneCount);
                var signed = ChinaAt(serviceStart.AddDays(-5), 10, rng.Next(60));
                project.Status = ProjectStatus.Awarded;
                project.AwardedBidId = winner.Id;
                project.ContractId = NewId(signed);
                lastChange = signed;
                contract = NewContract(project, winner, signed, stage);
            }

            var graph = 1 + project.Bids.Count + project.Bids.Sum(b => b.Scores.Count) + project.Evaluators.Count;
            Add(project, graphRows: graph);
            Count<Bid>(project.Bids.Count);
            Count<BidScore>(project.Bids.Sum(b => b.Scores.Count));
            Count<EvaluatorAssignment>(project.Evaluators.Count);
            Audit(project.Id, lastChange, new { seed, stage = stage.ToString(), status = project.Status.ToString(), bidCount = project.BidCount });
            if (contract is not null)
            {
                Add(contract, graphRows: 1 + contract.Milestones.Count + contract.Reviews.Count + contract.Reviews.Sum(r => r.Evaluators.Count));
                Count<Milestone>(contract.Milestones.Count);
                Count<QuarterlyReview>(contract.Reviews.Count);
                Count<ReviewEvaluator>(contract.Reviews.Sum(r => r.Evaluators.Count));
                Audit(contract.Id, contract.CompletedAt ?? contract.Reviews.Select(r => r.CompletedAt).Max() ?? contract.SignedAt,
                    new { seed, stage = stage.ToString(), status = contract.Status.ToString() });
                if (stage == DatasetStage.InDelivery) activeContracts.Add(contract.Id);
            }
        }

        private Bid NewBid(Project project, Organization organization, DateTimeOffset submitted, int milestoneCount)
        {
            var amount = project.BudgetFen * rng.Next(85, 101) / 100 / Money.FenPerYuan * Money.FenPerYuan;
            var staff = amount / 2 / Money.FenPerYuan * Money.FenPerYuan;
            var activities = amount * 35 / 100 / Money.FenPerYuan * Money.FenPerYuan;
            return new Bid
            {
                Id = NewId(submitted), ProjectId = project.Id, OrganizationId = organization.Id, Status = BidStatus.Submitted,
                Plan = $"{organization.Name}承接方案：需求调研与方案细化、{project.Category}服务实施、中期评估与改进、总结与成果展示。",
                AmountFen = amount,
                BudgetLines =
                [
                    new BudgetLine { Item = "人员经费", AmountFen = staff }, new BudgetLine { Item = "活动经费", AmountFen = activities },
                    new BudgetLine { Item = "管理及其他", AmountFen = amount - staff - activities },
                ],
                Milestones = ProposedMilestones(project.ServiceStart, project.ServiceEnd, milestoneCount),
                TargetBeneficiaries = project.TargetBeneficiaries * rng.Next(95, 121) / 100, TargetSessions = project.TargetSessions * rng.Next(95, 121) / 100,
                Team = $"项目负责人1名、持证社工{Math.Max(1, organization.CertifiedSocialWorkers / 3)}名、志愿者{organization.Volunteers / 4}名",
                SubmittedAt = submitted, UpdatedAt = submitted,
            };
        }

        /// <summary>Milestones due evenly over the service period, the last on its end; shares sum to 100.</summary>
        private static List<ProposedMilestone> ProposedMilestones(DateOnly start, DateOnly end, int count)
        {
            var days = end.DayNumber - start.DayNumber;
            return
            [
                .. Enumerable.Range(1, count).Select(i => new ProposedMilestone
                {
                    Deliverable = i == 1 ? ProvinceCatalog.MilestoneWork[0]
                        : i == count ? ProvinceCatalog.MilestoneWork[^1]
                        : $"{ProvinceCatalog.MilestoneWork[1 + i % (ProvinceCatalog.MilestoneWork.Length - 2)]}（第{i}期）",
                    DueDate = i == count ? end : start.AddDays(days * i / count),
                    SharePercent = 100 / count + (i <= 100 % count ? 1 : 0),
                }),
            ];
        }

        /// <summary>
        /// Assigns 3–5 evaluators. A project under evaluation has some declarations and scores; an awarded one has every
        /// evaluator's declaration and score on every live bid, as the award requires. Returns the last change.
        /// </summary>
        private DateTimeOffset Evaluate(Project project, DatasetStage stage)
        {
            var assigned = project.ClosedAt!.Value.AddDays(1).AddMinutes(rng.Next(60, 480));
            var picked = new HashSet<Guid>();
            var wanted = Math.Min(rng.Next(3, 6), evaluators.Count);
            while (picked.Count < wanted) picked.Add(evaluators[rng.Next(evaluators.Count)]);
            var complete = stage.HasContract();
            var end = complete ? project.ClosedAt.Value.AddDays(9) : now.AddMinutes(-1);
            var last = assigned;
            var quality = project.Bids.ToDictionary(b => b.Id, _ => rng.Next(60, 96));
            foreach (var evaluatorId in picked)
            {
                var assignment = new EvaluatorAssignment { ProjectId = project.Id, EvaluatorId = evaluatorId, AssignedAt = assigned };
                project.Evaluators.Add(assignment);
                if (!complete && rng.Next(10) < 3) continue; // not yet declared
                var declared = RandomInstant(assigned, end);
                assignment.DeclaredNoConflictAt = declared;
                last = Max(last, declared);
                if (!complete && rng.Next(2) == 0) continue; // declared, not yet scored
                var bias = rng.Next(-4, 5);
                foreach (var bid in project.Bids.Where(b => b.Status == BidStatus.Submitted))
                {
                    var scores = project.Criteria
                        .Select(c => new CriterionScore { Criterion = c.Name, Score = Math.Clamp(quality[bid.Id] + bias + rng.Next(-3, 4), 0, 100) }).ToList();
                    var scored = RandomInstant(declared, end);
                    bid.Scores.Add(new BidScore
                    {
                        BidId = bid.Id, EvaluatorId = evaluatorId, Scores = scores, TotalCentipoints = EvaluationRules.WeightedTotal(project.Criteria, scores),
                        ScoredAt = scored,
                    });
                    last = Max(last, scored);
                }
            }
            return last;
        }

        private Contract NewContract(Project project, Bid winner, DateTimeOffset signed, DatasetStage stage)
        {
            var contract = new Contract
            {
                Id = project.ContractId!.Value, Version = 1, ProjectId = project.Id, BidId = winner.Id, UnionId = project.UnionId, UnionPath = project.UnionPath,
                OrganizationId = winner.OrganizationId, Title = project.Title, AmountFen = winner.AmountFen,
                TargetBeneficiaries = winner.TargetBeneficiaries, TargetSessions = winner.TargetSessions,
                PeriodStart = project.ServiceStart, PeriodEnd = project.ServiceEnd, Status = ContractStatus.Active, SignedAt = signed,
            };
            contract.Milestones =
            [
                .. winner.Milestones.Select((m, i) => new Milestone
                {
                    Id = NewId(signed), ContractId = contract.Id, Sequence = i + 1, Deliverable = m.Deliverable, DueDate = m.DueDate,
                    SharePercent = m.SharePercent, Status = MilestoneStatus.Planned,
                }),
            ];

            var reviews = ReviewableQuarters(signed);
            switch (stage)
            {
                case DatasetStage.InDelivery:
                    Deliver(contract, today, finishAll: false);
                    AddReviews(contract, project, reviews, fails: 0);
                    break;
                case DatasetStage.Rectification:
                    Deliver(contract, today, finishAll: false);
                    AddReviews(contract, project, reviews, fails: 1);
                    contract.Status = ContractStatus.Rectifying;
                    contract.ConsecutiveFails = 1;
                    if (contract.Reviews.LastOrDefault(r => r.CompletedAt is not null) is { } failedReview && rng.Next(2) == 0)
                    {
                        contract.RectificationReport = "已针对评估意见完成整改：补充服务台账与活动影像资料，调整服务排期，增加满意度回访。";
                        contract.RectificationSubmittedAt = Min(failedReview.CompletedAt!.Value.AddDays(rng.Next(2, 10)), now.AddHours(-1));
                    }
                    break;
                case DatasetStage.Completed:
                    Deliver(contract, project.ServiceEnd, finishAll: true);
                    contract.Status = ContractStatus.Completed;
                    contract.CompletedAt = contract.Milestones.Max(m => m.VerifiedAt);
                    AddReviews(contract, project, [.. reviews.Where(q => q.End < contract.CompletedAt)], fails: 0);
                    break;
                default:
                    // Two failed reviews in a row raised the recommendation; the union terminated a few days later.
                    var failed = reviews.Take(2).ToList();
                    AddReviews(contract, project, failed, fails: failed.Count);
                    var terminated = (contract.Reviews.Count > 0 ? contract.Reviews[^1].CompletedAt!.Value : signed.AddDays(200)).AddDays(rng.Next(2, 8));
                    Deliver(contract, terminated.ToChinaDate(), finishAll: false);
                    contract.Status = ContractStatus.Terminated;
                    contract.ConsecutiveFails = failed.Count;
                    contract.CompletedAt = terminated;
                    break;
            }
            return contract;
        }

        /// <summary>
        /// Milestones due before <paramref name="until"/> are mostly verified and paid, some reported and awaiting
        /// verification, a few overdue; later ones are planned. <paramref name="finishAll"/> verifies every one.
        /// </summary>
        private void Deliver(Contract contract, DateOnly until, bool finishAll)
        {
            var shares = contract.Milestones.Select(m => (m.Sequence, m.SharePercent)).ToList();
            foreach (var m in contract.Milestones)
            {
                if (!finishAll && m.DueDate >= until) continue;
                var recent = until.DayNumber - m.DueDate.DayNumber <= 10;
                var r = rng.Next(100);
                var status = finishAll ? MilestoneStatus.Verified
                    : recent ? (r < 60 ? MilestoneStatus.Reported : MilestoneStatus.Planned)
                    : r < 85 ? MilestoneStatus.Verified : r < 95 ? MilestoneStatus.Reported : MilestoneStatus.Planned;
                if (status == MilestoneStatus.Planned) continue;

                var amount = ContractRules.MilestoneAmount(contract.AmountFen, shares, m.Sequence);
                var reported = Min(ChinaAt(m.DueDate.AddDays(-rng.Next(0, 6)), rng.Next(9, 18), rng.Next(60)), now.AddHours(-2));
                m.Status = MilestoneStatus.Reported;
                m.ReportedAt = reported;
                m.ReportedBeneficiaries = Math.Max(0, contract.TargetBeneficiaries * m.SharePercent / 100 * rng.Next(80, 121) / 100);
                m.ReportedSessions = Math.Max(1, contract.TargetSessions * m.SharePercent / 100);
                m.ReportedExpenditureFen = amount * rng.Next(80, 101) / 100;
                m.Narrative = $"完成“{m.Deliverable}”：开展活动{m.ReportedSessions}场，服务职工{m.ReportedBeneficiaries}人次，附签到表与活动照片（已匿名化）。";
                if (status != MilestoneStatus.Verified) continue;

                m.Status = MilestoneStatus.Verified;
                m.VerifiedAt = Min(reported.AddDays(rng.Next(1, 6)).AddMinutes(rng.Next(600)), now.AddHours(-1));
                m.PaidFen = amount;
                contract.PaidFen += amount;
                contract.BeneficiariesServed += m.ReportedBeneficiaries;
                contract.SessionsHeld += m.ReportedSessions;
                contract.ExpenditureFen += m.ReportedExpenditureFen;
            }
        }

        /// <summary>
        /// Quarters whose review the job would have opened: ending after the signing, up to the quarter just ended
        /// (or the one before it, when the quarter-start job is still pending).
        /// </summary>
        private List<(string Label, DateTimeOffset Start, DateTimeOffset End)> ReviewableQuarters(DateTimeOffset signed)
        {
            var last = ChinaTime.PreviousQuarter(now);
            var quarters = new List<(string, DateTimeOffset, DateTimeOffset)>();
            for (var end = size.QuarterStartPending ? last.Start : last.End; end > signed; )
            {
                var quarter = ChinaTime.PreviousQuarter(end);
                if (quarter.End > signed) quarters.Add(quarter);
                end = quarter.Start;
            }
            quarters.Reverse();
            return quarters;
        }

        /// <summary>
        /// Reviews of <paramref name="quarters"/>, opened when the job would have opened them and scored by the project's
        /// evaluators: completed once due (the last <paramref name="fails"/> completed ones failing), else open and part-scored.
        /// </summary>
        private void AddReviews(Contract contract, Project project, IReadOnlyList<(string Label, DateTimeOffset Start, DateTimeOffset End)> quarters, int fails)
        {
            var weights = unions.First(u => u.Union.Id == project.UnionId).Union.ReviewWeights ?? [.. ReviewRules.DefaultWeights];
            var completed = quarters.Count(q => q.End.AddMinutes(5) + ReviewRules.ScoringWindow <= now);
            for (var q = 0; q < quarters.Count; q++)
            {
                var (label, _, end) = quarters[q];
                var opened = end.AddMinutes(5);
                var review = new QuarterlyReview
                {
                    Id = NewId(opened), ContractId = contract.Id, Quarter = label, OpenedAt = opened, DueAt = opened + ReviewRules.ScoringWindow,
                    Status = q < completed ? ReviewStatus.Completed : ReviewStatus.Open, Weights = [.. weights],
                };
                var fail = q < completed && q >= completed - fails;
                var level = fail ? rng.Next(40, 55) : rng.Next(66, 96);
                foreach (var assignment in project.Evaluators.Where(e => e.DeclaredNoConflictAt is not null))
                {
                    var evaluator = new ReviewEvaluator { ReviewId = review.Id, EvaluatorId = assignment.EvaluatorId };
                    review.Evaluators.Add(evaluator);
                    var at = Min(opened.AddDays(rng.Next(1, 20)).AddMinutes(rng.Next(600)), now.AddMinutes(-rng.Next(1, 600)));
                    if (review.Status == ReviewStatus.Open && (at <= opened || rng.Next(2) == 0)) continue; // not yet declared
                    evaluator.DeclaredNoConflictAt = at;
                    if (review.Status == ReviewStatus.Open && rng.Next(2) == 0) continue; // declared, not yet scored
                    evaluator.Scores = [.. Enumerable.Range(0, 5).Select(_ => Math.Clamp(level + rng.Next(-4, 5), 0, 100))];
                    evaluator.TotalCentipoints = ReviewRules.Total(weights, evaluator.Scores);
                    evaluator.ScoredAt = at;
                }
                if (review.Status == ReviewStatus.Completed)
                {
                    review.ScoreCentipoints = EvaluationRules.ProjectScore([.. review.Evaluators.Select(e => e.TotalCentipoints!.Value)]);
                    review.Grade = review.ScoreCentipoints is { } score ? ReviewRules.Grade(score) : null;
                    review.CompletedAt = review.DueAt.AddMinutes(5);
                }
                contract.Reviews.Add(review);
            }
        }

        private DateOnly RandomDate(DateOnly from, DateOnly to) => from.AddDays(rng.Next(Math.Max(1, to.DayNumber - from.DayNumber + 1)));

        /// <summary>A whole minute in [from, to), or <paramref name="from"/> when the range is empty.</summary>
        private DateTimeOffset RandomInstant(DateTimeOffset from, DateTimeOffset to)
        {
            var minutes = (int)Math.Min(int.MaxValue, (to - from).TotalMinutes);
            var start = new DateTimeOffset(from.UtcTicks - from.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
            return minutes <= 1 ? start : start.AddMinutes(rng.Next(1, minutes));
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
