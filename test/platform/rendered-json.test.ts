import { App, Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s';
import { renderedJson, renderingOnce } from '../../lib/k8s/core/rendered-json';

function configMap(): k8s.KubeConfigMap {
  const chart = new Chart(new App(), 'chart');
  return new k8s.KubeConfigMap(chart, 'config', { metadata: { name: 'settings', namespace: 'ml' }, data: { mode: 'fast' } });
}

describe('one rendering per object while a finished app is validated and written', () => {
  test('inside a session an object is rendered once and its manifest reused', () => {
    const object = configMap();
    const spy = jest.spyOn(object, 'toJson');
    renderingOnce(() => {
      const first = renderedJson(object);
      expect(renderedJson(object)).toBe(first);
      expect(first).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'settings' }, data: { mode: 'fast' } });
    });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  test('outside a session every call renders the object again', () => {
    const object = configMap();
    const spy = jest.spyOn(object, 'toJson');
    const first = renderedJson(object);
    const second = renderedJson(object);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(spy).toHaveBeenCalledTimes(2);
  });

  test('a nested session shares the outer one, and the session ends after a throw', () => {
    const object = configMap();
    const spy = jest.spyOn(object, 'toJson');
    renderingOnce(() => {
      renderedJson(object);
      renderingOnce(() => renderedJson(object));
    });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(() => renderingOnce(() => { throw new Error('validation failed'); })).toThrow('validation failed');
    renderedJson(object);
    renderedJson(object);
    expect(spy).toHaveBeenCalledTimes(3);
  });
});
