import { A, Navigate } from '@solidjs/router';
import type { Component } from 'solid-js';
import { Match, Switch } from 'solid-js';
import { useCurrentUser } from '../../api/auth';
import { useModels } from '../../api/models';
import { EmptyState } from '../../components/EmptyState';
import { QueryResult } from '../../components/QueryResult';
import { modelHref, rememberedModel } from '../../stores/current-model';

/** `/`: opens the remembered model (or the first one); with no model yet, says what to do next. */
const HomePage: Component = () => {
  const user = useCurrentUser();
  const models = useModels();

  return (
    <QueryResult query={models} loading="Loading your models…" errorTitle="Could not load your models">
      {(list) => {
        const target = () => list().find((model) => model.slug === rememberedModel()) ?? list()[0];
        return (
          <Switch>
            <Match when={target()}>{(model) => <Navigate href={modelHref(model().slug)} />}</Match>
            <Match when={user()?.isAdmin}>
              <div class="container py-5">
                <EmptyState
                  title="No models yet — create the first one"
                  hint="A model is one portfolio: its media, members and settings."
                  testId="home-empty"
                >
                  <A href="/models" class="btn btn-primary mt-3">
                    Create a model
                  </A>
                </EmptyState>
              </div>
            </Match>
            <Match when={true}>
              <div class="container py-5">
                <EmptyState
                  title="You are not a member of any model yet"
                  hint="An administrator adds people to models. Ask one to add you."
                  testId="home-empty"
                />
              </div>
            </Match>
          </Switch>
        );
      }}
    </QueryResult>
  );
};

export default HomePage;
