import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { fakeContext } from '../support/lambda-context.js';

describe('fakeContext', () => {
  it('counts a numeric budget down with the real clock and never goes negative', async () => {
    const ctx = fakeContext({ remainingMs: 60 });
    expect(ctx.getRemainingTimeInMillis()).to.be.within(40, 60);
    await sleep(80);
    expect(ctx.getRemainingTimeInMillis()).to.equal(0);
  });

  it('asks a function on every call', () => {
    const budgets = [10_000, 500];
    const ctx = fakeContext({ remainingMs: () => budgets.shift() ?? 0, functionName: 'restore' });
    expect([ctx.getRemainingTimeInMillis(), ctx.getRemainingTimeInMillis(), ctx.getRemainingTimeInMillis()]).to.deep.equal([10_000, 500, 0]);
    expect(ctx.functionName).to.equal('restore');
    expect(ctx.invokedFunctionArn).to.equal('arn:aws:lambda:us-east-1:123456789012:function:restore');
  });

  it('gives each context its own request id', () => {
    const a = fakeContext({ remainingMs: 1000 });
    const b = fakeContext({ remainingMs: 1000, invokedFunctionArn: 'arn:aws:lambda:eu-west-1:1:function:x:live' });
    expect(a.awsRequestId).to.match(/^[0-9a-f-]{36}$/);
    expect(a.awsRequestId).not.to.equal(b.awsRequestId);
    expect(b.invokedFunctionArn).to.equal('arn:aws:lambda:eu-west-1:1:function:x:live');
  });
});
