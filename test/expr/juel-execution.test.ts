import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileExpression } from '../../src/expr/index.js';

/**
 * Camunda 7 listeners and mappings call the DelegateExecution (`${execution.setVariable('a', true)}`).
 * The engine hands a facade in as `variables.execution`; these tests stand in for it with a fake that
 * records every call, so they can assert which function ran, with which arguments and which `this`.
 */
class FakeExecution {
  readonly calls: { readonly method: string; readonly self: unknown; readonly args: readonly unknown[] }[] = [];
  readonly vars: Record<string, unknown> = { x: 5, order: { total: 30 } };
  readonly locals: Record<string, unknown> = { l: 'local' };

  private record(method: string, self: unknown, args: unknown[]): void {
    this.calls.push({ method, self, args });
  }
  getVariable(...args: unknown[]): unknown {
    this.record('getVariable', this, args);
    return this.vars[String(args[0])] ?? null;
  }
  getVariableLocal(...args: unknown[]): unknown {
    this.record('getVariableLocal', this, args);
    return this.locals[String(args[0])] ?? null;
  }
  setVariable(...args: unknown[]): void {
    this.record('setVariable', this, args);
    this.vars[String(args[0])] = args[1];
  }
  setVariableLocal(...args: unknown[]): void {
    this.record('setVariableLocal', this, args);
    this.locals[String(args[0])] = args[1];
  }
  hasVariable(...args: unknown[]): boolean {
    this.record('hasVariable', this, args);
    return String(args[0]) in this.vars;
  }
  getVariables(...args: unknown[]): unknown {
    this.record('getVariables', this, args);
    return { ...this.vars };
  }
  getProcessInstanceId(...args: unknown[]): string {
    this.record('getProcessInstanceId', this, args);
    return 'pi-1';
  }
  getProcessBusinessKey(...args: unknown[]): string {
    this.record('getProcessBusinessKey', this, args);
    return 'order-42';
  }
  getBusinessKey(...args: unknown[]): string {
    this.record('getBusinessKey', this, args);
    return 'bk-42';
  }
  getActivityId(...args: unknown[]): string {
    this.record('getActivityId', this, args);
    return 'Task_A';
  }
  getCurrentActivityId(...args: unknown[]): string {
    this.record('getCurrentActivityId', this, args);
    return 'Task_Current';
  }
  getEventName(...args: unknown[]): string {
    this.record('getEventName', this, args);
    return 'start';
  }
  getId(...args: unknown[]): string {
    this.record('getId', this, args);
    return 'ex-7';
  }
}

function run(text: string, extra: Record<string, unknown> = {}): { value: unknown; facade: FakeExecution } {
  const facade = new FakeExecution();
  const value = compileExpression(text, 'camunda7').evaluate({ amount: 3, execution: facade, ...extra });
  return { value, facade };
}

function compileError(text: string): ExpressionError {
  try {
    compileExpression(text, 'camunda7');
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected '${text}' not to compile`);
}

describe('JUEL execution methods', () => {
  it.each<[string, unknown, string, unknown[]]>([
    ["${execution.getVariable('x')}", 5, 'getVariable', ['x']],
    ["${execution.getVariableLocal('l')}", 'local', 'getVariableLocal', ['l']],
    ["${execution.hasVariable('x')}", true, 'hasVariable', ['x']],
    ["${execution.hasVariable('ghost')}", false, 'hasVariable', ['ghost']],
    ['${execution.getVariables()}', { x: 5, order: { total: 30 } }, 'getVariables', []],
    ['${execution.getProcessInstanceId()}', 'pi-1', 'getProcessInstanceId', []],
    ['${execution.getProcessBusinessKey()}', 'order-42', 'getProcessBusinessKey', []],
    ['${execution.getBusinessKey()}', 'bk-42', 'getBusinessKey', []],
    ['${execution.getActivityId()}', 'Task_A', 'getActivityId', []],
    ['${execution.getCurrentActivityId()}', 'Task_Current', 'getCurrentActivityId', []],
    ['${execution.getEventName()}', 'start', 'getEventName', []],
    ['${execution.getId()}', 'ex-7', 'getId', []],
  ])('given %s, when evaluated, then it yields %j from exactly one call of %s(%j) on the facade', (text, expected, method, args) => {
    const { value, facade } = run(text);
    expect(value).toEqual(expected);
    expect(facade.calls).toEqual([{ method, self: facade, args }]);
  });

  it.each<[string, string]>([
    ['${execution.processBusinessKey}', 'getProcessBusinessKey'],
    ['#{execution.processBusinessKey}', 'getProcessBusinessKey'],
    ['${execution.businessKey}', 'getBusinessKey'],
    ['${execution.processInstanceId}', 'getProcessInstanceId'],
    ['${execution.activityId}', 'getActivityId'],
    ['${execution.currentActivityId}', 'getCurrentActivityId'],
    ['${execution.eventName}', 'getEventName'],
    ['${execution.id}', 'getId'],
    ["${execution['businessKey']}", 'getBusinessKey'],
  ])('given the property read %s, when evaluated, then it calls the getter %s with no arguments', (text, getter) => {
    const { value, facade } = run(text);
    const direct = new FakeExecution() as unknown as Record<string, () => unknown>;
    expect(value).toBe(direct[getter]!());
    expect(facade.calls).toEqual([{ method: getter, self: facade, args: [] }]);
  });

  it('given setVariable, when evaluated, then the facade receives name and value and the result is null', () => {
    const { value, facade } = run("${execution.setVariable('approved', true)}");
    expect(value).toBeNull();
    expect(facade.vars.approved).toBe(true);
    expect(facade.calls).toEqual([{ method: 'setVariable', self: facade, args: ['approved', true] }]);
  });

  it('given setVariableLocal with a double-quoted name, when evaluated, then it is called with those arguments', () => {
    const { value, facade } = run('${execution.setVariableLocal("cancelReason", "reason1")}');
    expect(value).toBeNull();
    expect(facade.calls).toEqual([{ method: 'setVariableLocal', self: facade, args: ['cancelReason', 'reason1'] }]);
  });

  it('given arguments that are JUEL expressions, when evaluated, then they are evaluated with JUEL semantics first', () => {
    const { facade } = run("${execution.setVariable(amount > 2 ? 'big' : 'small', amount + '4')}");
    // JUEL `+` is numeric even on a string operand: 3 + '4' is 7, not '34'
    expect(facade.calls[0]!.args).toEqual(['big', 7]);
    const nested = run("${execution.setVariable('copy', execution.getVariable('x') * 2)}");
    expect(nested.facade.vars.copy).toBe(10);
    expect(nested.facade.calls.map((c) => c.method)).toEqual(['getVariable', 'setVariable']);
  });

  it('given a result used further, when evaluated, then ordinary JUEL operators and property reads apply to it', () => {
    expect(run("${execution.getVariable('x') > 4}").value).toBe(true);
    expect(run("${execution.getVariable('order').total}").value).toBe(30);
    expect(run('${execution.getVariables().order.total + 1}').value).toBe(31);
    expect(run("${not execution.hasVariable('ghost') && execution.eventName == 'start'}").value).toBe(true);
  });

  it('given composite text, when evaluated, then the business key is interpolated into the string', () => {
    const { value, facade } = run('Hello ${execution.processBusinessKey}, you are at #{execution.activityId}!');
    expect(value).toBe('Hello order-42, you are at Task_A!');
    expect(facade.calls.map((c) => c.method)).toEqual(['getProcessBusinessKey', 'getActivityId']);
  });

  it('given expressions with and without execution, when compiled, then only the former are flagged usesExecution', () => {
    expect(compileExpression('${execution.id}', 'camunda7').usesExecution).toBe(true);
    expect(compileExpression('Key: ${execution.businessKey}', 'camunda7').usesExecution).toBe(true);
    expect(compileExpression('${a} and ${execution.getVariable("b")}', 'camunda7').usesExecution).toBe(true);
    expect(compileExpression('${amount > 1}', 'camunda7').usesExecution).toBeUndefined();
    expect(compileExpression('Hello ${name}', 'camunda7').usesExecution).toBeUndefined();
    expect(compileExpression('${myexecution.id}', 'camunda7').usesExecution).toBeUndefined();
    expect(compileExpression('plain text', 'camunda7').usesExecution).toBeUndefined();
  });
});

describe('JUEL execution without a facade', () => {
  it.each<[string, Record<string, unknown>]>([
    ['no execution variable', {}],
    ['execution is null', { execution: null }],
    ['execution is plain data without the method', { execution: { getId: 'not a function' } }],
    ['execution is a string', { execution: 'ex-7' }],
  ])('given %s, when evaluated, then it fails with "execution is not available here"', (_case, vars) => {
    const compiled = compileExpression('${execution.getId()}', 'camunda7');
    expect(() => compiled.evaluate(vars)).toThrow(ExpressionError);
    expect(() => compiled.evaluate(vars)).toThrow(/execution is not available here/);
  });

  it('given a facade that lacks one method, when that method is used, then only it fails', () => {
    const partial = { getId: () => 'ex-1' };
    expect(compileExpression('${execution.id}', 'camunda7').evaluate({ execution: partial })).toBe('ex-1');
    expect(() =>
      compileExpression("${execution.setVariable('a', 1)}", 'camunda7').evaluate({ execution: partial }),
    ).toThrow(/execution is not available here/);
  });

  it('given a facade method that throws an ExpressionError, when evaluated, then that error reaches the caller', () => {
    const execution = {
      setVariable: () => {
        throw new ExpressionError('variable is read-only');
      },
    };
    expect(() =>
      compileExpression("${execution.setVariable('a', 1)}", 'camunda7').evaluate({ execution }),
    ).toThrow('variable is read-only');
  });
});

describe('JUEL calls outside the execution whitelist', () => {
  it.each<[string, RegExp]>([
    ["${execution.getVariableTyped('x')}", /method calls are not supported: 'execution.getVariableTyped\(…\)'/],
    ["${execution.removeVariable('x')}", /method calls are not supported: 'execution.removeVariable\(…\)'/],
    ['${execution.getProcessEngineServices()}', /'execution.getProcessEngineServices\(…\)'/],
    ['${execution.toString()}', /'execution.toString\(…\)'/],
    ['${execution.constructor}', /property 'execution.constructor' is not supported/],
    ['${execution.__proto__}', /property 'execution.__proto__' is not supported/],
    ['${execution.tenantId}', /property 'execution.tenantId' is not supported/],
    ['${execution.getVariable}', /property 'execution.getVariable' is not supported/],
    ['${execution.getVariable()}', /execution.getVariable takes 1 argument, got 0/],
    ["${execution.setVariable('a', 1, 'Task_1')}", /execution.setVariable takes 2 arguments, got 3/],
    ["${execution.getId('x')}", /execution.getId takes 0 arguments, got 1/],
    ['${execution[key]}', /execution\[…\] needs a literal property name/],
    ['${execution}', /'execution' can only be used as execution.<property> or execution.<method>/],
    ['${execution == null}', /'execution' can only be used/],
    ['${execution(1)}', /function calls are not supported: 'execution\(…\)'/],
    ["${task.getVariable('x')}", /method calls are not supported: 'task.getVariable\(…\)'/],
    ["${myexecution.getVariable('x')}", /method calls are not supported: 'myexecution.getVariable\(…\)'/],
    ["${order.execution.getVariable('x')}", /method calls are not supported: 'order.execution.getVariable\(…\)'/],
    ["${execution.getVariable('o').getClass()}", /method calls are not supported: 'execution.getVariable\(…\).getClass\(…\)'/],
    ['${getVariable("x")}', /function calls are not supported: 'getVariable\(…\)'/],
  ])('given %s, when compiled, then it is refused and names what was called', (text, message) => {
    expect(compileError(text).message).toMatch(message);
  });

  it("given a facade result shaped like expr-eval's lazy sub-expression, when used further, then it is refused, not invoked", () => {
    let called = 0;
    const fake = { type: 'IEXPREVAL', value: () => (called++, 'pwned') };
    const execution = { getVariable: () => fake };
    const compiled = compileExpression("${execution.getVariable('f') == 1}", 'camunda7');
    expect(() => compiled.evaluate({ execution })).toThrow(/shape reserved by the expression evaluator/);
    expect(called).toBe(0);
  });

  it('given a facade with extra functions, when a whitelisted call runs, then nothing else on it is called', () => {
    let others = 0;
    const execution = {
      getId: () => 'ex-1',
      getProcessEngine: () => ++others,
      toString: () => String(++others),
      valueOf: () => ++others,
    };
    expect(compileExpression("Id ${execution.id} of ${amount}", 'camunda7').evaluate({ execution, amount: 1 })).toBe(
      'Id ex-1 of 1',
    );
    expect(others).toBe(0);
  });
});
