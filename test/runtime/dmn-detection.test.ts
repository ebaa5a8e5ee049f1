import { describe, expect, it } from 'vitest';
import { isDmn } from '../../src/runtime/decision-registry.js';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

describe('isDmn: which deploy path a file takes', () => {
  it('knows a DMN file by the namespace of its root element, default or prefixed', () => {
    expect(isDmn(`<?xml version="1.0"?><definitions xmlns="${DMN13}" id="d" name="n"/>`)).toBe(true);
    expect(isDmn(`<dmn:definitions xmlns:dmn="${DMN13}" id="d"></dmn:definitions>`)).toBe(true);
    expect(isDmn(`<definitions id="d" xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd"></definitions>`)).toBe(true);
  });

  it('keeps a BPMN file that only declares a dmn: prefix on the BPMN path (Trisotech / MIWG exports)', () => {
    const xml = `<semantic:definitions xmlns:semantic="${BPMN}" xmlns:dmn="http://www.omg.org/spec/DMN/20180521/MODEL/" ` +
      `xmlns:feel="http://www.omg.org/spec/DMN/20180521/FEEL/" xmlns="http://www.trisotech.com/definitions/x" id="d"></semantic:definitions>`;
    expect(isDmn(xml)).toBe(false);
    expect(isDmn(`<definitions xmlns="${BPMN}" xmlns:dmn="${DMN13}"><process id="p"/></definitions>`)).toBe(false);
  });

  it('reads the root element only, not a namespace declared further down', () => {
    expect(isDmn(`<bpmn:definitions xmlns:bpmn="${BPMN}"><bpmn:process id="p"><x xmlns="${DMN13}"/></bpmn:process></bpmn:definitions>`)).toBe(false);
    expect(isDmn('not xml at all')).toBe(false);
  });
});
