using MassTransit;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Makes sure every award gets its contract: the caller of <see cref="Awards.AwardAsync"/> creates it right away, and this
/// finishes the step if the caller was lost between the two grain calls. Creating an existing contract changes nothing.
/// </summary>
public sealed class ContractFromAward(IGrainFactory grains) : IConsumer<ProjectAwarded>
{
    public Task Consume(ConsumeContext<ProjectAwarded> context) =>
        grains.GetGrain<IContractGrain>(context.Message.ContractId).CreateFromAward(context.Message.ProjectId, context.Message.BidId);
}
